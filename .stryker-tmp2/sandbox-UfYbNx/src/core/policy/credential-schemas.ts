/**
 * The shape of each credential family a tenant may store, checked with zod before anything is
 * encrypted. Messages name fields and the expected form, never the values typed.
 */
// @ts-nocheck

import { z } from "zod";
import { usageError } from "../errors.js";
import type { CredentialFamily, CredentialSet } from "../theta/credentials.js";
import { guardEndpoint } from "../theta/endpoint-guard.js";

const text = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(4096, { error: `${field} is too long` });

const prefixed = (field: string, prefix: string, where: string) =>
  text(field).regex(new RegExp(`^${prefix}[A-Za-z0-9]+$`), {
    error: `${field} must look like "${prefix}…" (${where})`,
  });

const optionalText = (field: string) =>
  z
    .string()
    .trim()
    .max(4096, { error: `${field} is too long` })
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v));

function endpoint(allowLocal: boolean) {
  return text("endpoint").transform((raw, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      // reported below
    }
    if (!url) {
      ctx.addIssue({ code: "custom", message: "endpoint must be an absolute https URL" });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({
        code: "custom",
        message: "endpoint must not embed user:pass@ (give user and pass, or token, separately)",
      });
      return z.NEVER;
    }
    if (!allowLocal && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "endpoint must use https" });
      return z.NEVER;
    }
    try {
      return guardEndpoint(raw, allowLocal);
    } catch {
      ctx.addIssue({
        code: "custom",
        message:
          "endpoint must be on a Theta EdgeCloud host (*.thetaedgecloud.com or *.onthetaedgecloud.com), not a private address",
      });
      return z.NEVER;
    }
  });
}

/** One strict zod schema per family (unknown fields are refused, so typos do not pass silently). */
export function credentialSchemas(allowLocalEndpoints: boolean) {
  return {
    controller: z
      .object({
        apiKey: text("apiKey"),
        projectId: prefixed("projectId", "prj_", "Dashboard → Projects"),
      })
      .strict(),
    billing: z
      .object({ apiKey: text("apiKey"), orgId: prefixed("orgId", "org_", "Dashboard → Organization") })
      .strict(),
    ondemand: z.object({ token: text("token") }).strict(),
    inference: z
      .object({
        endpoint: endpoint(allowLocalEndpoints),
        token: optionalText("token"),
        user: optionalText("user"),
        pass: optionalText("pass"),
        model: optionalText("model"),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (!v.token && !(v.user && v.pass)) {
          ctx.addIssue({ code: "custom", message: "give either token, or both user and pass" });
        }
      }),
    video: z
      .object({
        saId: prefixed("saId", "srvacc_", "Theta Video API → Service accounts"),
        saSecret: text("saSecret"),
      })
      .strict(),
  } satisfies Record<CredentialFamily, z.ZodType>;
}

export type CredentialSchemas = ReturnType<typeof credentialSchemas>;

/** Validates `input` as `family`, or throws `invalid_credentials` listing what is wrong (never values). */
export function parseCredentials<F extends CredentialFamily>(
  schemas: CredentialSchemas,
  family: F,
  input: unknown,
): NonNullable<CredentialSet[F]> {
  const result = schemas[family].safeParse(input);
  if (result.success) return result.data as NonNullable<CredentialSet[F]>;
  const problems = result.error.issues.map((i) => {
    const path = i.path.map(String).join(".");
    return i.code === "unrecognized_keys" || !path || i.message.startsWith(path)
      ? i.message
      : `${path}: ${i.message}`;
  });
  throw usageError(
    "invalid_credentials",
    `The ${family} credentials are not valid: ${problems.join("; ")}.`,
    {
      family,
      problems,
    },
  );
}

/** The values that must never be shown: everything but the inference user name and model name. */
export function secretValues(creds: object): string[] {
  return Object.entries(creds)
    .filter(([k, v]) => typeof v === "string" && k !== "user" && k !== "model")
    .map(([, v]) => v as string);
}
