// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createThetaDouble, PNG_SIGNATURE, type ThetaDouble } from "./theta/index.js";

const UA = "Mozilla/5.0 (X11; Linux x86_64) theta-double-test";

let d: ThetaDouble;

beforeEach(async () => {
  d = await createThetaDouble();
});

afterEach(async () => {
  await d.close();
});

interface Call {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

function call(url: string, c: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { "user-agent": UA, ...c.headers };
  if (c.json !== undefined) headers["content-type"] = "application/json";
  return fetch(url, {
    method: c.method ?? (c.json !== undefined ? "POST" : "GET"),
    headers,
    body: c.json !== undefined ? JSON.stringify(c.json) : c.body,
    signal: c.signal,
  });
}

const od = () => ({ authorization: `Bearer ${d.options.ondemandToken}` });
const ctl = () => ({ "x-api-key": d.options.apiKey });
const tva = () => ({ "x-tva-sa-id": d.options.videoSaId, "x-tva-sa-secret": d.options.videoSaSecret });
const basic = () => ({
  authorization: `Basic ${Buffer.from("endpoint_user:endpoint-pass-0123456789").toString("base64")}`,
});

// biome-ignore lint/suspicious/noExplicitAny: test convenience for reading envelopes
type Json = any;
async function body(r: Response): Promise<Json> {
  return r.json();
}

async function pollInfer(id: string): Promise<Json> {
  for (let i = 0; i < 100; i++) {
    const r = await body(await call(`${d.baseUrls.ondemand}/infer_request/${id}`, { headers: od() }));
    const req = r.body.infer_requests[0];
    if (req.state === "success" || req.state === "error") return req;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error("infer request never finished");
}

describe("auth", () => {
  it("rejects wrong key / project with the 403 envelope and non-browser UAs with Cloudflare 1010", async () => {
    const dep = `${d.baseUrls.controller}/deployment/list?project_id=${d.options.projectId}`;
    expect((await call(dep, { headers: ctl() })).status).toBe(200);
    const noKey = await call(dep);
    expect(noKey.status).toBe(403);
    expect(await body(noKey)).toEqual({
      status: "error",
      message: "You are not allowed to perform this action",
    });
    expect(
      (await call(`${d.baseUrls.controller}/deployment/list?project_id=prj_other`, { headers: ctl() }))
        .status,
    ).toBe(403);
    const cf = await fetch(dep, { headers: { ...ctl(), "user-agent": "python-urllib/3.12" } });
    expect(cf.status).toBe(403);
    expect(await cf.text()).toBe("error code: 1010");
    expect(d.count("GET", "/controller/deployment/list")).toBe(4);
    const claim = await call(`${d.baseUrls.controller}/volume/claim?project_id=${d.options.projectId}`, {
      headers: ctl(),
    });
    expect(await body(claim)).toEqual({ status: "error", message: "projectId is required" });
    expect((await call(`${d.baseUrls.ondemand}/service/list`)).status).toBe(200);
    expect(
      (await call(`${d.baseUrls.ondemand}/service/list`, { headers: { authorization: "Bearer nope" } }))
        .status,
    ).toBe(403);
    expect(
      (await call(`${d.baseUrls.ondemand}/infer_request/flux`, { json: { input: { prompt: "x" } } })).status,
    ).toBe(401);
  });
});

describe("on-demand", () => {
  it("runs an infer request pending → success and serves a real PNG output", async () => {
    const created = await body(
      await call(`${d.baseUrls.ondemand}/infer_request/flux`, {
        headers: od(),
        json: { input: { prompt: "a cat" } },
      }),
    );
    const first = created.body.infer_requests[0];
    expect(first.id).toMatch(/^infr_rqst_[a-z0-9]{20}$/);
    expect(first.state).toBe("pending");
    expect(created.body.model_quotas).toHaveLength(1);
    const done = await pollInfer(first.id);
    expect(done.state).toBe("success");
    expect(done.cost_usd).toEqual({ input: 0, output: 0.01 });
    const img = await call(done.output.image_url);
    expect(img.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(Number(img.headers.get("content-length"))).toBe(bytes.length);
  });

  it("honours wait, required inputs, unknown services and setInferOutcome", async () => {
    const url = `${d.baseUrls.ondemand}/infer_request/stable_diffusion_xl_turbo?wait=5`;
    const ok = await body(await call(url, { headers: od(), json: { input: { prompt: "p" } } }));
    expect(ok.body.infer_requests[0].state).toBe("success");
    const missing = await call(url, { headers: od(), json: { input: {} } });
    expect(missing.status).toBe(400);
    expect((await body(missing)).message).toContain("prompt");
    const unknown = await call(`${d.baseUrls.ondemand}/infer_request/qwen`, {
      headers: od(),
      json: { input: {} },
    });
    expect(await body(unknown)).toEqual({ status: "error", message: "service not found" });
    d.setInferOutcome("stable_diffusion_xl_turbo", { state: "error", message: "GPU fell over" });
    const failed = await body(await call(url, { headers: od(), json: { input: { prompt: "p" } } }));
    expect(failed.body.infer_requests[0]).toMatchObject({ state: "error", error_message: "GPU fell over" });
  });

  it.each(["field", "urls"] as const)(
    "presigned shape %s: upload then infer with the filename",
    async (shape) => {
      d.setPresignedShape(shape);
      const r = await body(
        await call(`${d.baseUrls.ondemand}/infer_request/blip/input_presigned_urls`, {
          headers: od(),
          json: { input_fields: ["input_img"] },
        }),
      );
      const slot = shape === "urls" ? r.body.urls.input_img : r.body.input_img;
      const uploadUrl: string = slot.upload_url ?? slot.presigned_url;
      expect(uploadUrl).toContain("X-Goog-Expires=900");
      const bad = await fetch(uploadUrl, {
        method: "PUT",
        headers: { "content-type": "image/png" },
        body: "x",
      });
      expect(bad.status).toBe(403);
      const put = await fetch(uploadUrl, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: new Uint8Array(PNG_SIGNATURE),
      });
      expect(put.status).toBe(200);
      expect(d.requests.at(-1)?.body).toEqual({ bytes: 8 });
      const inferUrl = `${d.baseUrls.ondemand}/infer_request/blip?wait=5`;
      const res = await body(
        await call(inferUrl, { headers: od(), json: { input: { input_img: slot.filename } } }),
      );
      expect(res.body.infer_requests[0].output).toEqual({ text: "a caption" });
      const nope = await call(inferUrl, { headers: od(), json: { input: { input_img: "never-uploaded" } } });
      expect(nope.status).toBe(400);
      expect((await body(nope)).message).toContain("input file not found");
    },
  );

  it("answers chat/completions as JSON with stream:false and as SSE by default", async () => {
    const url = `${d.baseUrls.ondemand}/infer_request/chat/completions`;
    const messages = [{ role: "user", content: "ping please" }];
    const j = await body(
      await call(url, { headers: od(), json: { model: "gpt_oss_120b", messages, stream: false } }),
    );
    expect(j.choices[0].message.content).toContain("ping please");
    expect(j.choices[0].finish_reason).toBe("stop");
    expect(j.usage.total_tokens).toBeGreaterThan(0);
    const s = await call(url, { headers: od(), json: { model: "glm_5_3", messages } });
    expect(s.headers.get("content-type")).toContain("text/event-stream");
    const lines = (await s.text()).split("\n").filter((l) => l.startsWith("data: "));
    expect(lines.at(-1)).toBe("data: [DONE]");
    const text = lines
      .slice(0, -1)
      .map((l) => JSON.parse(l.slice(6)).choices[0].delta.content ?? "")
      .join("");
    expect(text).toContain("ping please");
  });
});

describe("faults", () => {
  it("injects 429 with Retry-After, malformed bodies, times and envelopes", async () => {
    const list = `${d.baseUrls.ondemand}/service/list`;
    d.fault({ path: "/ondemand/service/list", status: 429, times: 1 });
    const limited = await call(list);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await call(list)).status).toBe(200);
    d.fault({ path: /\/service\/list$/, malformed: true, times: 1 });
    await expect((await call(list)).json()).rejects.toThrow();
    d.fault({ method: "GET", path: "/ondemand/service/list", status: 409, envelope: "object", times: 1 });
    expect(await (await call(list)).json()).toEqual({
      status: { status: "error", message: "No instances available - try again later" },
    });
    expect(d.count("GET", "/ondemand/service/list")).toBe(4);
  });

  it("delayAfterHandleMs creates the request before the (timed-out) answer; hang ends on close", async () => {
    d.fault({ method: "POST", path: "/ondemand/infer_request/flux", delayAfterHandleMs: 400, times: 1 });
    const url = `${d.baseUrls.ondemand}/infer_request/flux`;
    const signal = AbortSignal.timeout(100);
    await expect(call(url, { headers: od(), json: { input: { prompt: "x" } }, signal })).rejects.toThrow();
    const listed = await body(
      await call(`${d.baseUrls.ondemand}/infer_request/${d.options.projectId}/list`, { headers: od() }),
    );
    expect(listed.body.infer_requests).toHaveLength(1);
    d.fault({ path: "/platform/resource/vm/list", hang: true });
    const hanging = call(`${d.baseUrls.platform}/resource/vm/list`);
    await new Promise((r) => setTimeout(r, 50));
    await d.close();
    await expect(hanging).rejects.toThrow();
  });
});

describe("dedicated endpoint", () => {
  it("warms up 404 → 502 → 200 and rejects missing auth with 401", async () => {
    const models = `${d.baseUrls.inference}/v1/models`;
    expect((await call(models)).status).toBe(401);
    expect((await call(models, { headers: basic() })).status).toBe(404);
    expect((await call(models, { headers: basic() })).status).toBe(502);
    const ready = await call(models, { headers: basic() });
    expect((await body(ready)).data[0].id).toBe("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
    const chat = await call(`${d.baseUrls.inference}/v1/chat/completions`, {
      headers: basic(),
      json: { model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", messages: [{ role: "user", content: "hi" }] },
    });
    expect((await body(chat)).object).toBe("chat.completion");
  });
});

describe("video", () => {
  it("uploads, creates and transcodes a video; enforces the 3-stream limit", async () => {
    const up = await body(await call(`${d.baseUrls.video}/upload`, { method: "POST", headers: tva() }));
    const upload = up.body.uploads[0];
    expect(upload.id).toMatch(/^upload_/);
    const put = await fetch(upload.presigned_url, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream" },
      body: "fake-mp4-bytes",
    });
    expect(put.status).toBe(200);
    const created = await body(
      await call(`${d.baseUrls.video}/video`, {
        headers: tva(),
        json: { source_upload_id: upload.id, playback_policy: "public", metadata: { job: "j1" } },
      }),
    );
    const id = created.body.videos[0].id;
    expect(created.body.videos[0]).toMatchObject({ state: "processing", progress: 0 });
    await new Promise((r) => setTimeout(r, 120));
    const got = await body(await call(`${d.baseUrls.video}/video/${id}`, { headers: tva() }));
    expect(got.body.videos[0]).toMatchObject({ state: "success", progress: 100 });
    expect((await call(got.body.videos[0].playback_uri)).status).toBe(200);
    const search = `${d.baseUrls.video}/video/${d.options.videoSaId}/search`;
    expect((await body(await call(`${search}?job=j1`, { headers: tva() }))).body.videos).toHaveLength(1);
    expect((await body(await call(`${search}?job=zz`, { headers: tva() }))).body.videos).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      expect(
        (await call(`${d.baseUrls.video}/stream`, { headers: tva(), json: { name: `s${i}` } })).status,
      ).toBe(200);
    }
    const fourth = await call(`${d.baseUrls.video}/stream`, { headers: tva(), json: { name: "s4" } });
    expect(fourth.status).toBe(400);
    expect((await body(fourth)).message).toBe("Live stream limit reached - you already have 3/3 streams");
  });
});
