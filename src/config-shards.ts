/** Environment fields for Discord sharding and the Redis key namespace (parsed in config.ts). */
import { z } from "zod";

const MAX_SHARDS = 65_536;

/** DISCORD_SHARD_COUNT: a whole number of shards, or "auto" (Discord's recommendation); default auto. */
export const shardCount = z
  .string()
  .optional()
  .transform((v, ctx): number | "auto" => {
    const s = v?.trim().toLowerCase() ?? "";
    if (s === "" || s === "auto") return "auto";
    if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > MAX_SHARDS) {
      ctx.addIssue({
        code: "custom",
        message: `must be "auto" or a whole number 1–${MAX_SHARDS}, got "${v}"`,
      });
      return z.NEVER;
    }
    return Number(s);
  });

/** DISCORD_SHARD_IDS: "0,1" or ranges "0-3,8"; unset means the replica claims shards itself. */
export const shardIds = z
  .string()
  .optional()
  .transform((v, ctx): number[] | undefined => {
    if (v === undefined || v.trim() === "") return undefined;
    const ids = new Set<number>();
    for (const part of v.split(",").map((p) => p.trim())) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part);
      const from = Number(m?.[1]);
      const to = Number(m?.[2] ?? m?.[1]);
      if (!m || to < from || to >= MAX_SHARDS) {
        ctx.addIssue({ code: "custom", message: `must list shard ids like "0,1" or "0-3", got "${v}"` });
        return z.NEVER;
      }
      for (let id = from; id <= to; id++) ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  });

/** REDIS_PREFIX: letters, digits, `-`, `_`, `.`; lets several bots (or test runs) share one Redis. */
export const redisPrefix = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(v.trim())) {
      ctx.addIssue({ code: "custom", message: `letters, digits, "-", "_" and "." only (1–64), got "${v}"` });
      return z.NEVER;
    }
    return v.trim();
  });

/** Cross-field check: listed shard ids must exist in a fixed shard count. */
export function shardProblems(count: number | "auto", ids: number[] | undefined): string[] {
  if (count === "auto" || !ids) return [];
  const bad = ids.filter((id) => id >= count);
  return bad.length
    ? [`DISCORD_SHARD_IDS: shard ids must be below DISCORD_SHARD_COUNT (${count}), got ${bad.join(", ")}`]
    : [];
}
