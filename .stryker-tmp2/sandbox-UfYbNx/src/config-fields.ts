/** Field parsers for the environment schema in config.ts, the only module that reads the environment. */
// @ts-nocheck

import { z } from "zod";

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];

export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const s = v.trim().toLowerCase();
      if (TRUE.includes(s)) return true;
      if (FALSE.includes(s)) return false;
      ctx.addIssue({
        code: "custom",
        message: `must be one of ${[...TRUE, ...FALSE].join("/")}, got "${v}"`,
      });
      return z.NEVER;
    });

/** An integer with a default; out-of-range values are clamped (as the upstream runtimes do). */
export const clampedInt = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      if (!/^-?\d+$/.test(v.trim())) {
        ctx.addIssue({ code: "custom", message: `must be a whole number (${min}–${max}), got "${v}"` });
        return z.NEVER;
      }
      return Math.min(max, Math.max(min, Number.parseInt(v, 10)));
    });

export const baseUrl = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      try {
        const u = new URL(v.trim());
        if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("scheme");
        if (u.username || u.password) {
          ctx.addIssue({ code: "custom", message: "must not embed credentials (user:pass@)" });
          return z.NEVER;
        }
        return u.toString().replace(/\/+$/, "");
      } catch {
        ctx.addIssue({ code: "custom", message: `must be an absolute http(s) URL, got "${v}"` });
        return z.NEVER;
      }
    });

export const hostList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v || v.trim() === "") return [] as string[];
    const hosts = v
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const bad = hosts.filter((h) => !/^[a-z0-9.-]+$/.test(h) && !/^\[[0-9a-f:]+\]$/.test(h));
    if (bad.length) {
      ctx.addIssue({
        code: "custom",
        message: `host names only (no scheme, port or path): ${bad.join(", ")}`,
      });
      return z.NEVER;
    }
    return hosts;
  });

/** A non-negative decimal with a default (e.g. a price). */
export const nonNegativeNumber = (fallback: number, unit: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v.trim());
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: `must be a non-negative number of ${unit}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });
