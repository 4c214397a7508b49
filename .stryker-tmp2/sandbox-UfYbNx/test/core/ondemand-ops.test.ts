// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { PNG_SIGNATURE } from "../doubles/theta/index.js";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

type Req = { id: string; state: string; output?: Record<string, unknown>; error_message?: string };

describe("theta.ondemand.*", () => {
  it("listServices returns live services tagged live, filterable by category", async () => {
    const r = (await h.run("theta.ondemand.listServices", { category: "image" })) as {
      source: string;
      services: Array<{
        alias: string;
        source: string;
        category: string;
        pricing: { source: string; perUnitUsd?: number };
      }>;
    };
    expect(r.source).toBe("live");
    expect(r.services.map((s) => s.alias)).toContain("flux");
    expect(r.services.every((s) => s.category === "image" && s.source === "live")).toBe(true);
    const flux = r.services.find((s) => s.alias === "flux")!;
    expect(flux.pricing).toMatchObject({ source: "live", perUnitUsd: 0.01 });
  });

  it("listServices falls back to the bundled catalog with the reason when discovery fails", async () => {
    h.double.fault({ path: "/ondemand/service/list", status: 503 });
    const r = (await h.run("theta.ondemand.listServices", {})) as {
      source: string;
      error: { code: string };
      services: Array<{ alias: string; source: string }>;
    };
    expect(r.source).toBe("catalog");
    expect(r.error.code).toBe("theta_upstream_error");
    expect(r.services.find((s) => s.alias === "flux")?.source).toBe("catalog");
  });

  it("infer creates a request and pollUntilDone finishes it with a PNG output", async () => {
    const created = (await h.run("theta.ondemand.infer", {
      service: "flux",
      input: { prompt: "a red fox" },
    })) as {
      request: Req;
    };
    expect(created.request.id).toMatch(/^infr_rqst_/);
    const sent = h.double.requests.find(
      (r) => r.method === "POST" && r.path === "/ondemand/infer_request/flux",
    );
    expect(sent?.body).toEqual({ input: { prompt: "a red fox" } });
    expect(sent?.headers.authorization).toBe(`Bearer ${h.double.options.ondemandToken}`);
    const done = (await h.run("theta.ondemand.pollUntilDone", {
      requestId: created.request.id,
      intervalMs: 100,
    })) as {
      terminalState: string;
      outputUrls: string[];
      attempts: number;
    };
    expect(done.terminalState).toBe("success");
    expect(done.attempts).toBeGreaterThan(1);
    const res = await fetch(done.outputUrls[0]!, { headers: { "user-agent": "Mozilla/5.0" } });
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it("infer sends wait, prediction, variant and webhook where the API expects them", async () => {
    await h.run("theta.ondemand.infer", {
      service: "flux",
      input: { prompt: "x" },
      wait: 0,
      prediction: "generate_image",
      variant: "quantized",
      webhook: "https://example.com/hook",
    });
    const sent = h.double.requests.find((r) => r.method === "POST")!;
    expect(sent.query).toMatchObject({ wait: "0", prediction: "generate_image" });
    expect(sent.body).toMatchObject({ variant: "quantized", webhook: "https://example.com/hook" });
  });

  it("a failed request ends in state error with its message; status reads it", async () => {
    h.double.setInferOutcome("flux", { state: "error", message: "GPU fell over" });
    const { request } = (await h.run("theta.ondemand.infer", {
      service: "flux",
      input: { prompt: "x" },
    })) as { request: Req };
    const done = (await h.run("theta.ondemand.pollUntilDone", {
      requestId: request.id,
      intervalMs: 100,
    })) as {
      terminalState: string;
      result: Req;
    };
    expect(done.terminalState).toBe("error");
    expect(done.result.error_message).toBe("GPU fell over");
    const st = (await h.run("theta.ondemand.status", { requestId: request.id })) as { request: Req };
    expect(st.request.state).toBe("error");
  });

  it("pollUntilDone reports a timeout as a result, not an error", async () => {
    const slow = await startHarness({ inferTiming: { pendingMs: 5000, processingMs: 5000 } });
    try {
      const { request } = (await slow.run("theta.ondemand.infer", {
        service: "flux",
        input: { prompt: "x" },
      })) as { request: Req };
      const r = (await slow.run("theta.ondemand.pollUntilDone", {
        requestId: request.id,
        intervalMs: 200,
        timeoutMs: 1000,
      })) as {
        terminalState: string;
      };
      expect(r.terminalState).toBe("timeout");
    } finally {
      await slow.double.close();
    }
  });

  it("status of an unknown request is a typed not-found error", async () => {
    await expect(
      h.run("theta.ondemand.status", { requestId: "infr_rqst_doesnotexist0000" }),
    ).rejects.toMatchObject({
      code: "theta_not_found",
      status: 404,
      family: "ondemand",
    });
  });

  it.each(["field", "urls"] as const)(
    "the presigned upload flow works end to end with the %s response shape",
    async (shape) => {
      h.double.setPresignedShape(shape);
      const r = (await h.run("theta.ondemand.infer", {
        service: "blip",
        input: {},
        files: {
          input_img: { base64: Buffer.from("fake image bytes").toString("base64"), filename: "cat.png" },
        },
      })) as { request: Req };
      const put = h.double.requests.find((x) => x.method === "PUT");
      expect(put?.headers["content-type"]).toBe("application/octet-stream");
      expect(put?.body).toEqual({ bytes: 16 });
      const done = (await h.run("theta.ondemand.pollUntilDone", {
        requestId: r.request.id,
        intervalMs: 100,
      })) as {
        terminalState: string;
        result: Req;
      };
      expect(done.terminalState).toBe("success");
      expect(typeof done.result.output?.text).toBe("string");
    },
  );

  it("inputPresignedUrls returns upload targets, discovering the file fields when none are given", async () => {
    const r = (await h.run("theta.ondemand.inputPresignedUrls", { service: "whisper" })) as {
      urls: Record<string, { uploadUrl: string; filename: string }>;
    };
    expect(Object.keys(r.urls)).toEqual(["audio_filename"]);
    expect(r.urls.audio_filename!.uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gcs\//);
  });

  it("chat on the OpenAI route forces stream:false and returns the text", async () => {
    const r = (await h.run("theta.ondemand.chat", {
      service: "gpt_oss_120b",
      messages: [{ role: "user", content: "hello there" }],
    })) as { text: string; route: string };
    expect(r.route).toBe("chat/completions");
    expect(r.text).toContain("hello there");
    const sent = h.double.requests.find((x) => x.path === "/ondemand/infer_request/chat/completions");
    expect(sent?.body).toMatchObject({ model: "gpt_oss_120b", stream: false, max_tokens: 1800 });
  });

  it("chat with stream:true parses the SSE stream into one answer", async () => {
    const r = (await h.run("theta.ondemand.chat", {
      service: "glm_5_3",
      stream: true,
      messages: [{ role: "user", content: "stream me" }],
    })) as { text: string; completion: { stream: { chunks: number } } };
    expect(r.text).toContain("stream me");
    expect(r.completion.stream.chunks).toBeGreaterThan(1);
  });

  it("chat on a job-style service goes through /infer_request/{alias} with prediction=completions", async () => {
    const r = (await h.run("theta.ondemand.chat", {
      service: "qwen3",
      messages: [{ role: "user", content: "job style" }],
    })) as { text: string; route: string };
    expect(r.route).toBe("infer_request");
    expect(r.text).toContain("job style");
    const sent = h.double.requests.find((x) => x.path === "/ondemand/infer_request/qwen3");
    expect(sent?.query).toMatchObject({ prediction: "completions" });
    expect((sent!.body as { input: { stream: boolean } }).input.stream).toBe(false);
  });

  it("chat without a service picks the first live one of the preference list", async () => {
    h.double.setLiveServices(["flux", "gpt_oss_120b"]);
    const r = (await h.run("theta.ondemand.chat", { messages: [{ role: "user", content: "hi" }] })) as {
      service: string;
    };
    expect(r.service).toBe("gpt_oss_120b");
  });

  it("chat refuses an unknown service unless allowUnknownService is set", async () => {
    await expect(
      h.run("theta.ondemand.chat", { service: "mystery", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({
      code: "INVALID_ONDEMAND_SERVICE",
    });
    expect(h.double.count("POST", /infer_request/)).toBe(0);
  });

  it("a service that is not live is a clear not-found error", async () => {
    h.double.setLiveServices(["flux"]);
    const err = (await h
      .run("theta.ondemand.infer", { service: "step_video", input: { prompt: "x" } })
      .catch((e: BotError) => e)) as BotError;
    expect(err).toBeInstanceOf(BotError);
    expect(err.code).toBe("theta_not_found");
    expect(err.message).toMatch(/service not found/);
  });
});
