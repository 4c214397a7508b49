// @ts-nocheck
import type { ThetaFamily } from "./families.js";
import { checkFetchUrl, UPLOAD_HOST_SUFFIXES } from "./host-policy.js";
import type { Transport } from "./transport.js";

/**
 * PUTs bytes to a signed upload URL Theta handed out (on-demand inputs, Theta Video uploads): no
 * Theta auth, `application/octet-stream` (part of the signature), host allowlisted.
 */
export async function putPresigned(
  transport: Transport,
  family: ThetaFamily,
  rawUrl: string,
  bytes: Buffer,
  operatorHosts: readonly string[],
): Promise<void> {
  const url = checkFetchUrl(rawUrl, UPLOAD_HOST_SUFFIXES, operatorHosts, "upload");
  const res = await transport.send({
    family,
    method: "PUT",
    base: url.toString(),
    path: "",
    headers: { "content-type": "application/octet-stream" },
    body: bytes,
    route: "presigned upload",
  });
  await res.body.dump();
}
