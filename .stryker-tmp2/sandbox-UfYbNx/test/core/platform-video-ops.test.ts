// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { type Runtime, runOperation } from "../../src/core/operations/runner.js";
import type { LoggedRequest } from "../doubles/theta/index.js";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
let org: string;
let sa: string;
beforeAll(async () => {
  h = await startHarness({ videoTiming: { processingMs: 150 } });
  org = h.double.options.orgId;
  sa = h.double.options.videoSaId;
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

const WRONG_KEY = "wrong-key-123456";
const WRONG_SECRET = "wrong-video-secret-98765";
const DEFAULT_BALANCE = 3421.300894;

type Video = {
  id: string;
  state: string;
  progress: number;
  playback_uri: string | null;
  player_uri: string | null;
  metadata: Record<string, unknown>;
  file_name: string | null;
  source_upload_id: string | null;
  source_uri: string | null;
};
type Stream = {
  id: string;
  name: string;
  status: string;
  stream_server?: string | null;
  stream_key?: string | null;
  resolutions?: string[];
};

async function runWith(rt: Runtime, name: string, input: unknown = {}): Promise<unknown> {
  const r = await runOperation(rt, name, input);
  if (r.kind !== "result") throw new Error(`expected a result, got ${r.kind}`);
  return r.result;
}

/** The BotError a promise rejects with (fails the test when it resolves). */
async function failure(p: Promise<unknown>): Promise<BotError> {
  const outcome = await p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.v).slice(0, 300)}`);
  expect(outcome.e).toBeInstanceOf(BotError);
  return outcome.e as BotError;
}

const sent = (method: string, path: string | RegExp): LoggedRequest[] =>
  h.double.requests.filter(
    (r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path)),
  );

async function createVideo(input: Record<string, unknown>): Promise<Video> {
  return (await h.run("theta.video.videoCreate", input)) as Video;
}

async function uploadBytes(text: string): Promise<{ uploadId: string; bytes: number }> {
  return (await h.run("theta.video.upload", {
    file: { base64: Buffer.from(text).toString("base64"), filename: "clip.mp4" },
  })) as { uploadId: string; bytes: number };
}

describe("theta.billing.balance", () => {
  it("returns the org's balance from GET /balance?orgID=", async () => {
    const r = (await h.run("theta.billing.balance")) as { orgId: string; balance: number };
    expect(r).toMatchObject({ orgId: org, balance: DEFAULT_BALANCE });
    const [req] = sent("GET", "/platform/balance");
    expect(req?.query).toEqual({ orgID: org });
    expect(req?.headers["x-api-key"]).toBe(h.double.options.apiKey);
  });

  it("reports the value the platform holds (setBalance)", async () => {
    h.double.setBalance(12.5);
    expect(((await h.run("theta.billing.balance")) as { balance: number }).balance).toBe(12.5);
    h.double.setBalance(0);
    expect(((await h.run("theta.billing.balance")) as { balance: number }).balance).toBe(0);
  });

  it("an orgId input overrides THETA_ORG_ID", async () => {
    const rt = h.runtimeWith({ THETA_ORG_ID: "org_someoneelse01" });
    const r = (await runWith(rt, "theta.billing.balance", { orgId: org })) as {
      orgId: string;
      balance: number;
    };
    expect(r).toMatchObject({ orgId: org, balance: DEFAULT_BALANCE });
    expect(sent("GET", "/platform/balance").map((q) => q.query.orgID)).toEqual([org]);
  });

  it("an orgId input works even when THETA_ORG_ID is unset", async () => {
    const rt = h.runtimeWith({ THETA_ORG_ID: undefined });
    const r = (await runWith(rt, "theta.billing.balance", { orgId: org })) as { balance: number };
    expect(r.balance).toBe(DEFAULT_BALANCE);
  });

  it("an org the key may not read is theta_unauthorized (the input org is what was asked)", async () => {
    const err = await failure(h.run("theta.billing.balance", { orgId: "org_notmine0001" }));
    expect(err.code).toBe("theta_unauthorized");
    expect(sent("GET", "/platform/balance")[0]?.query).toEqual({ orgID: "org_notmine0001" });
  });

  it("without THETA_ORG_ID and no orgId it is missing_credentials naming THETA_ORG_ID; nothing is sent", async () => {
    const err = await failure(runWith(h.runtimeWith({ THETA_ORG_ID: undefined }), "theta.billing.balance"));
    expect(err.code).toBe("missing_credentials");
    expect(err.message).toContain("THETA_ORG_ID");
    expect(err.message).not.toContain("THETA_EC_API_KEY");
    expect(h.double.requests).toHaveLength(0);
  });

  it("refuses an orgId that is not org_… before any request", async () => {
    const err = await failure(h.run("theta.billing.balance", { orgId: "../resource/vm/list" }));
    expect(err.code).toBe("INVALID_INPUT");
    expect(h.double.requests).toHaveLength(0);
  });

  it("a wrong key is theta_unauthorized and the key is not in the message or JSON", async () => {
    const err = await failure(
      runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), "theta.billing.balance"),
    );
    expect(err.code).toBe("theta_unauthorized");
    expect(err.status).toBe(403);
    expect(err.message).not.toContain(WRONG_KEY);
    expect(JSON.stringify(err.toJSON())).not.toContain(WRONG_KEY);
    expect(sent("GET", "/platform/balance")[0]?.headers["x-api-key"]).toBe(WRONG_KEY);
  });
});

describe("theta.billing.balanceSnapshot", () => {
  it("returns the value, not skipped", async () => {
    h.double.setBalance(77.25);
    const r = (await h.run("theta.billing.balanceSnapshot")) as {
      skipped: boolean;
      orgId: string;
      value: number;
    };
    expect(r).toMatchObject({ skipped: false, orgId: org, value: 77.25 });
  });

  it("is skipped with reason missing_org_id when THETA_ORG_ID is unset (nothing sent)", async () => {
    const r = (await runWith(
      h.runtimeWith({ THETA_ORG_ID: undefined }),
      "theta.billing.balanceSnapshot",
    )) as {
      skipped: boolean;
      reason: string;
      missing: string[];
    };
    expect(r).toEqual({ skipped: true, reason: "missing_org_id", missing: ["THETA_ORG_ID"] });
    expect(h.double.requests).toHaveLength(0);
  });

  it("is skipped with reason missing_THETA_EC_API_KEY when no key is set", async () => {
    const r = (await runWith(
      h.runtimeWith({ THETA_EC_API_KEY: undefined, THETA_ORG_ID: undefined }),
      "theta.billing.balanceSnapshot",
    )) as { skipped: boolean; reason: string; missing: string[] };
    expect(r.skipped).toBe(true);
    expect(r.reason).toBe("missing_THETA_EC_API_KEY");
    expect(r.missing).toContain("THETA_EC_API_KEY");
    expect(h.double.requests).toHaveLength(0);
  });

  it("a 500 from /balance is skipped with reason balance_lookup_failed and the error code", async () => {
    h.double.fault({ path: "/platform/balance", status: 500 });
    const r = (await h.run("theta.billing.balanceSnapshot")) as {
      skipped: boolean;
      reason: string;
      error: { code: string; message: string };
    };
    expect(r.skipped).toBe(true);
    expect(r.reason).toBe("balance_lookup_failed");
    expect(r.error.code).toBe("theta_upstream_error");
    expect(r.error.message).toContain("500");
    expect(h.double.count("GET", "/platform/balance")).toBe(1 + h.config.http.maxRetries);
  });
});

describe("theta.health", () => {
  it("is ok when the catalog answers and the key is accepted", async () => {
    const r = (await h.run("theta.health")) as Record<string, unknown>;
    expect(r).toMatchObject({
      ok: true,
      publicApiReachable: true,
      authConfigured: true,
      authVerified: true,
      vmCount: 5,
    });
    expect(Number.isNaN(Date.parse(String(r.timestamp)))).toBe(false);
    expect(h.double.count("GET", "/controller/deployment/list")).toBe(1);
  });

  it("reports publicApiReachable false (ok false) when the VM list keeps answering 503", async () => {
    h.double.fault({ path: "/platform/resource/vm/list", status: 503 });
    const r = (await h.run("theta.health")) as Record<string, unknown>;
    expect(r.ok).toBe(false);
    expect(r.publicApiReachable).toBe(false);
    expect(String(r.publicApiError)).toContain("503");
    expect(r.authVerified).toBe(true);
    expect(h.double.count("GET", "/platform/resource/vm/list")).toBe(1 + h.config.http.maxRetries);
  });

  it("reports authVerified false (ok false) with a wrong key, without echoing it", async () => {
    const r = (await runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), "theta.health")) as Record<
      string,
      unknown
    >;
    expect(r).toMatchObject({
      ok: false,
      publicApiReachable: true,
      authConfigured: true,
      authVerified: false,
    });
    expect(String(r.authError)).toMatch(/403/);
    expect(JSON.stringify(r)).not.toContain(WRONG_KEY);
  });

  it("without a key it checks only the public catalog and says auth is not configured", async () => {
    const r = (await runWith(
      h.runtimeWith({ THETA_EC_API_KEY: undefined, THETA_EC_PROJECT_ID: undefined }),
      "theta.health",
    )) as Record<string, unknown>;
    expect(r).toMatchObject({ ok: true, publicApiReachable: true, authConfigured: false });
    expect(r).not.toHaveProperty("authVerified");
    expect(h.double.count("GET", /^\/controller\//)).toBe(0);
  });
});

describe("theta.video.* videos", () => {
  it("list returns the service account's videos, newest first, with page/number", async () => {
    expect(((await h.run("theta.video.list")) as { count: number }).count).toBe(0);
    const a = await createVideo({ source_uri: "https://example.com/a.mp4", file_name: "a.mp4" });
    await new Promise((r) => setTimeout(r, 5));
    const b = await createVideo({ source_uri: "https://example.com/b.mp4", file_name: "b.mp4" });
    h.double.requests.length = 0;
    const r = (await h.run("theta.video.list")) as { count: number; videos: Video[] };
    expect(r.count).toBe(2);
    expect(r.videos.map((v) => v.id)).toEqual([b.id, a.id]);
    const [req] = sent("GET", `/video/video/${sa}/list`);
    expect(req?.query).toEqual({ page: "1", number: "10" });
    expect(req?.headers["x-tva-sa-id"]).toBe(sa);
    expect(req?.headers["x-tva-sa-secret"]).toBe(h.double.options.videoSaSecret);
    const p2 = (await h.run("theta.video.list", { page: 2, number: 1 })) as { videos: Video[] };
    expect(p2.videos.map((v) => v.id)).toEqual([a.id]);
  });

  it("search matches metadata (dot keys) and file_name, with and/or", async () => {
    const alpha = await createVideo({
      source_uri: "https://example.com/alpha.mp4",
      file_name: "alpha.mp4",
      metadata: { project: { name: "alpha" }, tag: "cats" },
    });
    const beta = await createVideo({
      source_uri: "https://example.com/beta.mp4",
      file_name: "beta.mp4",
      metadata: { project: { name: "beta" }, tag: "dogs" },
    });
    h.double.requests.length = 0;
    const one = (await h.run("theta.video.search", { query: { "project.name": "alpha" } })) as {
      count: number;
      videos: Video[];
    };
    expect(one.videos.map((v) => v.id)).toEqual([alpha.id]);
    expect(sent("GET", `/video/video/${sa}/search`)[0]?.query).toEqual({ "project.name": "alpha" });
    const both = (await h.run("theta.video.search", {
      query: { tag: "cats", file_name: "beta.mp4" },
      operator: "or",
    })) as { videos: Video[] };
    expect(both.videos.map((v) => v.id).sort()).toEqual([alpha.id, beta.id].sort());
    expect(sent("GET", `/video/video/${sa}/search`)[1]?.query).toEqual({
      tag: "cats",
      file_name: "beta.mp4",
      operator: "or",
    });
    const none = (await h.run("theta.video.search", { query: { tag: "cats", file_name: "beta.mp4" } })) as {
      videos: Video[];
    };
    expect(none.videos).toEqual([]);
  });

  it("search with no match (the API omits `videos`) is an empty list, not an error", async () => {
    await createVideo({ source_uri: "https://example.com/x.mp4", metadata: { tag: "cats" } });
    const r = (await h.run("theta.video.search", { query: { tag: "zebras" } })) as {
      count: number;
      videos: Video[];
    };
    expect(r).toEqual({ count: 0, videos: [] });
  });

  it("search refuses an empty query and odd keys before any request", async () => {
    for (const query of [{}, { "a&b": "x" }]) {
      const err = await failure(h.run("theta.video.search", { query }));
      expect(err.code).toBe("INVALID_INPUT");
    }
    expect(h.double.requests).toHaveLength(0);
  });

  it("uploadCreate returns a presigned upload valid ~15 minutes", async () => {
    const r = (await h.run("theta.video.uploadCreate")) as {
      id: string;
      presigned_url: string;
      presigned_url_expired: boolean;
    };
    expect(r.id).toMatch(/^upload_/);
    expect(r.presigned_url).toContain(`/gcs/tva/${r.id}`);
    expect(r.presigned_url).toContain("X-Goog-Expires=900");
    expect(r.presigned_url_expired).toBe(false);
    expect(h.double.count("POST", "/video/upload")).toBe(1);
  });

  it("upload PUTs the bytes to the presigned URL as application/octet-stream, without video credentials", async () => {
    const content = "pretend this is an mp4 file";
    const r = (await h.run("theta.video.upload", {
      file: { base64: Buffer.from(content).toString("base64"), filename: "clip.mp4" },
    })) as { uploadId: string; bytes: number; filename: string };
    expect(r).toEqual({
      uploadId: expect.stringMatching(/^upload_/),
      bytes: content.length,
      filename: "clip.mp4",
    });
    const puts = sent("PUT", `/gcs/tva/${r.uploadId}`);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.headers["content-type"]).toBe("application/octet-stream");
    expect(puts[0]?.body).toEqual({ bytes: content.length });
    expect(puts[0]?.headers["x-tva-sa-secret"]).toBeUndefined();
    expect(h.double.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      "POST /video/upload",
      `PUT /gcs/tva/${r.uploadId}`,
    ]);
  });

  it("videoCreate from the upload id starts a transcode of that upload", async () => {
    const up = await uploadBytes("video bytes");
    h.double.requests.length = 0;
    const v = await createVideo({
      source_upload_id: up.uploadId,
      file_name: "clip.mp4",
      metadata: { tag: "demo" },
      resolutions: [360, 720],
    });
    expect(v.id).toMatch(/^video_/);
    expect(v).toMatchObject({
      state: "processing",
      source_upload_id: up.uploadId,
      metadata: { tag: "demo" },
    });
    expect(sent("POST", "/video/video")[0]?.body).toEqual({
      source_upload_id: up.uploadId,
      playback_policy: "public",
      file_name: "clip.mp4",
      metadata: { tag: "demo" },
      resolutions: [360, 720],
    });
  });

  it("videoCreate from an upload whose bytes never arrived is theta_bad_request", async () => {
    const up = (await h.run("theta.video.uploadCreate")) as { id: string };
    const err = await failure(createVideo({ source_upload_id: up.id }));
    expect(err.code).toBe("theta_bad_request");
    expect(err.message).toMatch(/not uploaded/);
    expect(h.double.count("POST", "/video/video")).toBe(1);
  });

  it.each([
    ["both sources", { source_upload_id: "upload_abc", source_uri: "https://example.com/a.mp4" }],
    ["neither source", { file_name: "a.mp4" }],
    ["a non-http source_uri", { source_uri: "file:///etc/passwd" }],
  ])("videoCreate refuses %s with INVALID_INPUT and sends nothing", async (_label, input) => {
    const err = await failure(createVideo(input));
    expect(err.code).toBe("INVALID_INPUT");
    expect(h.double.requests).toHaveLength(0);
  });

  it("videoGet polled until state success gives the playback URI", async () => {
    const up = await uploadBytes("more video bytes");
    const v = await createVideo({ source_upload_id: up.uploadId });
    let got = (await h.run("theta.video.videoGet", { videoId: v.id })) as Video;
    expect(got.state).toBe("processing");
    expect(got.playback_uri).toBeNull();
    for (let i = 0; i < 40 && got.state !== "success"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      got = (await h.run("theta.video.videoGet", { videoId: v.id })) as Video;
    }
    expect(got.state).toBe("success");
    expect(got.progress).toBe(100);
    expect(got.playback_uri).toBe(`${h.double.url}/video-cdn/${v.id}/master.m3u8`);
    const m3u8 = await fetch(got.playback_uri!, { headers: { "user-agent": "Mozilla/5.0" } });
    expect(await m3u8.text()).toContain("#EXTM3U");
    expect(h.double.count("GET", `/video/video/${v.id}`)).toBeGreaterThan(1);
  });

  it("videoGet of an unknown video is theta_not_found; a malformed id is refused before sending", async () => {
    const err = await failure(h.run("theta.video.videoGet", { videoId: "video_doesnotexist" }));
    expect(err.code).toBe("theta_not_found");
    const bad = await failure(h.run("theta.video.videoGet", { videoId: "video_../../upload" }));
    expect(bad.code).toBe("INVALID_INPUT");
    expect(h.double.requests).toHaveLength(1);
  });
});

describe("theta.video.* livestreams and ingestors", () => {
  it("streamCreate creates an off stream; streamGet reads it back", async () => {
    const s = (await h.run("theta.video.streamCreate", { name: "launch party", fps: 60 })) as Stream;
    expect(s.id).toMatch(/^stream_/);
    expect(s).toMatchObject({ name: "launch party", status: "off" });
    expect(sent("POST", "/video/stream")[0]?.body).toEqual({ name: "launch party", fps: 60 });
    const got = (await h.run("theta.video.streamGet", { streamId: s.id })) as Stream & { fps: string };
    expect(got).toMatchObject({
      id: s.id,
      name: "launch party",
      status: "off",
      fps: "60",
      stream_server: null,
    });
  });

  it("streamCreate accepts the payload wrapper", async () => {
    const s = (await h.run("theta.video.streamCreate", {
      payload: { name: "wrapped", resolutions: ["720p"] },
    })) as Stream;
    expect(s).toMatchObject({ name: "wrapped", resolutions: ["720p"] });
    expect(sent("POST", "/video/stream")[0]?.body).toEqual({ name: "wrapped", resolutions: ["720p"] });
  });

  it("a 4th stream is theta_bad_request with the 3/3 limit message (sent once)", async () => {
    for (const name of ["one", "two", "three"]) await h.run("theta.video.streamCreate", { name });
    const err = await failure(h.run("theta.video.streamCreate", { name: "four" }));
    expect(err.code).toBe("theta_bad_request");
    expect(err.status).toBe(400);
    expect(err.message).toContain("3/3");
    expect(h.double.count("POST", "/video/stream")).toBe(4);
    const list = (await h.run("theta.video.streamList")) as { total_count: number };
    expect(list.total_count).toBe(3);
  });

  it("streamList lists the account's streams, optionally by status", async () => {
    const a = (await h.run("theta.video.streamCreate", { name: "a" })) as Stream;
    const b = (await h.run("theta.video.streamCreate", { name: "b" })) as Stream;
    h.double.requests.length = 0;
    const all = (await h.run("theta.video.streamList")) as { total_count: number; streams: Stream[] };
    expect(all.total_count).toBe(2);
    expect(all.streams.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(sent("GET", `/video/service_account/${sa}/streams`)[0]?.query).toEqual({});
    const off = (await h.run("theta.video.streamList", { status: "off" })) as { total_count: number };
    expect(off.total_count).toBe(2);
    const on = (await h.run("theta.video.streamList", { status: "on" })) as {
      total_count: number;
      streams: Stream[];
    };
    expect(on).toEqual({ total_count: 0, streams: [] });
    expect(sent("GET", `/video/service_account/${sa}/streams`)[2]?.query).toEqual({ status: "on" });
  });

  it("streamGet of an unknown stream is theta_not_found", async () => {
    const err = await failure(h.run("theta.video.streamGet", { streamId: "stream_missing0000" }));
    expect(err.code).toBe("theta_not_found");
  });

  it("ingestor.list returns the nearby ingestors", async () => {
    const r = (await h.run("theta.video.ingestor.list")) as {
      ingestors: Array<{ id: string; state: string; geo: number[] }>;
    };
    expect(r.ingestors.map((i) => i.id)).toEqual([
      "ingestor_4k1xq7m2c9d8e3f6g5h0",
      "ingestor_9z8y7x6w5v4u3t2s1r0q",
    ]);
    expect(r.ingestors.every((i) => i.state === "available" && i.geo.length === 2)).toBe(true);
    expect(h.double.count("GET", "/video/ingestor/filter")).toBe(1);
  });

  it("ingestor.select attaches the ingestor and the stream gets its stream_server and key", async () => {
    const s = (await h.run("theta.video.streamCreate", { name: "live" })) as Stream;
    const ingestorId = "ingestor_9z8y7x6w5v4u3t2s1r0q";
    const r = (await h.run("theta.video.ingestor.select", { ingestorId, streamId: s.id })) as {
      ingestors: Array<{ id: string; state: string }>;
      stream: Stream;
    };
    expect(r.stream).toMatchObject({
      id: s.id,
      stream_server: "rtmp://127.0.0.1:1935/live",
      stream_key: "sk_double_0002",
    });
    expect(r.ingestors[0]).toMatchObject({ id: ingestorId, state: "in_use" });
    expect(sent("PUT", `/video/ingestor/${ingestorId}/select`)[0]?.body).toEqual({ tva_stream: s.id });
    const got = (await h.run("theta.video.streamGet", { streamId: s.id })) as Stream;
    expect(got.stream_server).toBe("rtmp://127.0.0.1:1935/live");
  });

  it("ingestor.select with an unknown ingestor is theta_not_found and the stream stays unattached", async () => {
    const s = (await h.run("theta.video.streamCreate", { name: "live" })) as Stream;
    const err = await failure(
      h.run("theta.video.ingestor.select", { ingestorId: "ingestor_nope", streamId: s.id }),
    );
    expect(err.code).toBe("theta_not_found");
    const got = (await h.run("theta.video.streamGet", { streamId: s.id })) as Stream;
    expect(got.stream_server).toBeNull();
  });
});

describe("theta.video.* credentials", () => {
  it.each([
    ["theta.video.list", {}],
    ["theta.video.uploadCreate", {}],
    ["theta.video.streamCreate", { name: "x" }],
    ["theta.video.ingestor.list", {}],
  ])(
    "%s without video credentials is missing_credentials naming both variables; nothing sent",
    async (op, input) => {
      const rt = h.runtimeWith({ THETA_VIDEO_SA_ID: undefined, THETA_VIDEO_SA_SECRET: undefined });
      const err = await failure(runWith(rt, op, input));
      expect(err.code).toBe("missing_credentials");
      expect(err.message).toContain("THETA_VIDEO_SA_ID");
      expect(err.message).toContain("THETA_VIDEO_SA_SECRET");
      expect(h.double.requests).toHaveLength(0);
    },
  );

  it("only the secret missing names only THETA_VIDEO_SA_SECRET", async () => {
    const err = await failure(
      runWith(h.runtimeWith({ THETA_VIDEO_SA_SECRET: undefined }), "theta.video.list"),
    );
    expect(err.code).toBe("missing_credentials");
    expect(err.message).toContain("THETA_VIDEO_SA_SECRET");
    expect(err.message).not.toContain("THETA_VIDEO_SA_ID");
    expect(h.double.requests).toHaveLength(0);
  });

  it.each([
    ["theta.video.list", {}],
    ["theta.video.search", { query: { tag: "x" } }],
    ["theta.video.streamCreate", { name: "x" }],
    ["theta.video.ingestor.list", {}],
  ])(
    "%s with a wrong secret is theta_unauthorized; the secret is in neither message nor JSON",
    async (op, input) => {
      const err = await failure(runWith(h.runtimeWith({ THETA_VIDEO_SA_SECRET: WRONG_SECRET }), op, input));
      expect(err.code).toBe("theta_unauthorized");
      expect(err.status).toBe(403);
      expect(err.message).not.toContain(WRONG_SECRET);
      expect(JSON.stringify(err.toJSON())).not.toContain(WRONG_SECRET);
      expect(h.double.requests[0]?.headers["x-tva-sa-secret"]).toBe(WRONG_SECRET);
    },
  );

  it("a wrong secret creates no stream", async () => {
    await failure(
      runWith(h.runtimeWith({ THETA_VIDEO_SA_SECRET: WRONG_SECRET }), "theta.video.streamCreate", {
        name: "x",
      }),
    );
    const list = (await h.run("theta.video.streamList")) as { total_count: number };
    expect(list.total_count).toBe(0);
  });
});
