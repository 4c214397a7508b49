import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { EnvCredentialProvider } from "../../src/core/credentials/provider.js";
import { createLogger } from "../../src/core/logger.js";
import type { JobOrigin, JobResult } from "../../src/core/present/job-card.js";
import type { Delivery, MediaItem } from "../../src/jobs/delivery.js";
import { Ledger, type LedgerEntry } from "../../src/jobs/ledger.js";
import type { JobDeps, JobEvents } from "../../src/jobs/processors/deps.js";
import { deliver, finish } from "../../src/jobs/processors/finish.js";
import { PNG, WAV } from "../doubles/theta/index.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/** The edges of ending a job: the settlement hook (absent, failing), files checked on open, vanished records. */
let files: Server;
let base: string;
beforeAll(async () => {
  files = createServer((req, res) => {
    const [type, body] = req.url === "/out.png" ? ["image/png", PNG] : ["audio/wav", WAV];
    res.writeHead(200, { "content-type": type, "content-length": String(body.length) });
    res.end(body);
  });
  await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => files.close(r)));
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

const origin: JobOrigin = { platform: "discord", tenantId: "g1", userId: "u1", channelId: "c1" };

async function setup(events: JobEvents | undefined, onPost?: (r: JobResult) => Promise<void>) {
  const o = await openEmbedded();
  opened.push(o);
  const ledger = new Ledger(o.store);
  const posted: Array<{ result: JobResult; media: MediaItem[] }> = [];
  const delivery: Delivery = {
    async postProgress() {},
    async postResult(_o, result, media) {
      await onPost?.(result);
      posted.push({ result, media });
    },
  };
  const warnings: Array<{ obj: unknown; msg: string }> = [];
  const logger = createLogger("silent");
  logger.warn = ((obj: unknown, msg?: string) => {
    warnings.push({ obj, msg: msg ?? "" });
  }) as typeof logger.warn;
  const config = loadConfig({ LOG_LEVEL: "silent", THETA_OUTPUT_HOSTS: "127.0.0.1" });
  const deps: JobDeps = {
    config,
    ledger,
    credentials: new EnvCredentialProvider(config),
    delivery,
    logger,
    events,
  };
  const job = async (id: string, state: LedgerEntry["state"], patch: Partial<LedgerEntry> = {}) => {
    await ledger.create({ id, kind: "ondemand", title: `Job ${id}`, origin, data: {} });
    if (state !== "queued") await ledger.transition(id, ["queued"], state, patch);
    return (await ledger.get(id))!;
  };
  const vanish = (id: string) => o.store.delete(`ledger:${id}`);
  return { ledger, deps, posted, warnings, job, vanish };
}

describe("ending a job: edges", () => {
  it("each file handed to the platform is checked against the job's kind when it is opened", async () => {
    const s = await setup(undefined);
    const e = await s.job("k", "done", { outputUrls: [`${base}/out.png`, `${base}/out.wav`] });
    await deliver(s.deps, e, "success", "image");
    const [png, wav] = s.posted[0]!.media;
    const chunks: Buffer[] = [];
    for await (const c of await png!.open()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(PNG)).toBe(true);
    await expect(wav!.open()).rejects.toMatchObject({ code: "media_bad_type" });
  });

  it("without a settlement hook, jobs end and post their result with nothing logged", async () => {
    for (const events of [undefined, {}]) {
      const s = await setup(events);
      await deliver(s.deps, await s.job("d", "done"), "success", "image");
      await finish(s.deps, await s.job("f", "submitted"), "failed", { code: "x", message: "y" });
      expect(s.posted.map((p) => p.result.outcome)).toEqual(["success", "failed"]);
      expect(s.warnings).toEqual([]);
    }
  });

  it("a failing settlement hook is logged with the job and the error", async () => {
    const boom = new Error("budget store down");
    const s = await setup({
      onFinal: () => {
        throw boom;
      },
    });
    await finish(s.deps, await s.job("w", "submitted"), "failed", { code: "x", message: "y" });
    expect(s.warnings).toEqual([{ obj: { err: boom, job: "w" }, msg: "final-state hook failed" }]);
  });

  it("a job whose record is gone (retention expired) ends quietly: nothing posted, nothing settled", async () => {
    const finals: LedgerEntry[] = [];
    const s = await setup({ onFinal: (e) => void finals.push(e) });
    const done = await s.job("g1", "done");
    const delivering = await s.job("g2", "delivering");
    const submitted = await s.job("g3", "submitted");
    for (const id of ["g1", "g2", "g3"]) await s.vanish(id);
    const gone = { kind: "done", result: { state: undefined } };
    expect(await deliver(s.deps, done, "success", "image")).toEqual(gone);
    expect((await deliver(s.deps, delivering, "success", "image")).kind).toBe("done");
    expect(await finish(s.deps, submitted, "failed", { code: "x", message: "y" })).toEqual(gone);
    expect(s.posted).toEqual([]);
    expect(finals).toEqual([]);
  });

  it("a record that vanishes while its result is posted is not handed to the settlement hook", async () => {
    const finals: unknown[] = [];
    let vanish: (id: string) => Promise<unknown> = async () => {};
    const s = await setup({ onFinal: (e) => void finals.push(e) }, (r) => vanish(r.jobId).then(() => {}));
    vanish = s.vanish;
    const r = await deliver(s.deps, await s.job("v", "done"), "success", "image");
    expect(r.kind).toBe("done");
    expect(s.posted).toHaveLength(1);
    expect(finals).toEqual([]);
    expect(s.warnings).toEqual([]);
  });
});
