// @ts-nocheck
import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import {
  acquireJobSlot,
  activeJobs,
  activeJobsKey,
  releaseJobSlot,
  STALE_JOB_MS,
} from "../../src/core/policy/index.js";
import { type OpenedStore, openEmbedded, rejects } from "./helpers.js";

/** The per-member job limit as a member meets it: the refusal text, and which jobs count. */
const guild: Tenant = { platform: "discord", id: "901" };
const T0 = Date.parse("2025-03-10T10:00:00Z");
const at = (ms: number) => () => ms;

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function store() {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}

describe("job slots", () => {
  it("the refusal says how many run, in the singular for one, and what the limit is", async () => {
    const s = await store();
    const one = { maxConcurrentJobsPerUser: 1 };
    await acquireJobSlot(s, one, guild, "u1", "job-a", at(T0));
    const err = await rejects(acquireJobSlot(s, one, guild, "u1", "job-b", at(T0)), "too_many_jobs", "usage");
    expect(err.message).toBe(
      "You already have 1 job running; the limit is 1 at a time. Wait for one to finish or cancel one, then try again.",
    );
    expect(err.details).toEqual({ running: 1, limit: 1 });
    // The refused job holds no slot.
    expect(await activeJobs(s, guild, "u1", at(T0))).toEqual(["job-a"]);
  });

  it("a slot is stale from exactly 2 hours on: it no longer counts and is removed", async () => {
    const s = await store();
    const one = { maxConcurrentJobsPerUser: 1 };
    await acquireJobSlot(s, one, guild, "u1", "old", at(T0));
    await rejects(acquireJobSlot(s, one, guild, "u1", "new", at(T0 + STALE_JOB_MS - 1)), "too_many_jobs");
    expect(await activeJobs(s, guild, "u1", at(T0 + STALE_JOB_MS - 1))).toEqual(["old"]);
    expect(await activeJobs(s, guild, "u1", at(T0 + STALE_JOB_MS))).toEqual([]);
    expect(await acquireJobSlot(s, one, guild, "u1", "new", at(T0 + STALE_JOB_MS))).toBe(true);
    expect(Object.keys(await s.hgetall(activeJobsKey(guild, "u1")))).toEqual(["new"]);
  });

  it("re-taking a job's own stale slot starts it afresh; a live one is a no-op", async () => {
    const s = await store();
    const two = { maxConcurrentJobsPerUser: 2 };
    expect(await acquireJobSlot(s, two, guild, "u1", "j", at(T0))).toBe(true);
    expect(await acquireJobSlot(s, two, guild, "u1", "j", at(T0 + STALE_JOB_MS - 1))).toBe(false);
    expect(await acquireJobSlot(s, two, guild, "u1", "j", at(T0 + STALE_JOB_MS))).toBe(true);
    expect(await s.hget(activeJobsKey(guild, "u1"), "j")).toBe(String(T0 + STALE_JOB_MS));
  });

  it("lists a member's running jobs oldest first, without stale or unreadable entries", async () => {
    const s = await store();
    const key = activeJobsKey(guild, "u1");
    await s.hset(key, {
      late: String(T0 + 3000),
      early: String(T0 + 1000),
      middle: String(T0 + 2000),
      stale: String(T0 - STALE_JOB_MS),
      junk: "not-a-time",
    });
    expect(await activeJobs(s, guild, "u1", at(T0 + 4000))).toEqual(["early", "middle", "late"]);
  });

  it("unreadable entries (not a time) never hold a slot", async () => {
    const s = await store();
    await s.hset(activeJobsKey(guild, "u1"), { junk: "soon" });
    expect(await acquireJobSlot(s, { maxConcurrentJobsPerUser: 1 }, guild, "u1", "j", at(T0))).toBe(true);
    expect(Object.keys(await s.hgetall(activeJobsKey(guild, "u1")))).toEqual(["j"]);
  });

  it("refuses an empty or over-long job id or user id with invalid_id", async () => {
    const s = await store();
    const p = { maxConcurrentJobsPerUser: 3 };
    const err = await rejects(acquireJobSlot(s, p, guild, "u1", ""), "invalid_id", "usage");
    expect(err.message).toBe("The job id must be a non-empty string of at most 200 characters.");
    await rejects(acquireJobSlot(s, p, guild, "u1", "x".repeat(201)), "invalid_id");
    await rejects(releaseJobSlot(s, guild, "u1", ""), "invalid_id");
    await rejects(acquireJobSlot(s, p, guild, "u1", 12345 as unknown as string), "invalid_id");
    expect(await acquireJobSlot(s, p, guild, "u1", "x".repeat(200))).toBe(true);
    const userErr = await rejects(acquireJobSlot(s, p, guild, "", "j"), "invalid_id");
    expect(userErr.message).toBe("The user id must be a non-empty string of at most 200 characters.");
  });

  it("the slot record expires on its own after 2 hours if nobody cleans it", async () => {
    const s = await store();
    await acquireJobSlot(s, { maxConcurrentJobsPerUser: 1 }, guild, "u1", "j");
    const ttl = await s.ttlMs(activeJobsKey(guild, "u1"));
    expect(ttl).toBeGreaterThan(STALE_JOB_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(STALE_JOB_MS);
  });
});
