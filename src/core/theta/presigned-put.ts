import type { ThetaFamily } from "./families.js";
import { checkFetchUrl, UPLOAD_HOST_SUFFIXES } from "./host-policy.js";
import type { Transport } from "./transport.js";
import { bufferSource, countedStream, type UploadProgress, type UploadSource } from "./upload-source.js";

/** An upload may take as long as the per-request timeout plus this many ms per MiB (≥ 256 KiB/s). */
const MS_PER_MIB = 4000;

/**
 * PUTs bytes to a signed upload URL Theta handed out (on-demand inputs, Theta Video uploads): no
 * Theta auth, `application/octet-stream` (part of the signature), host allowlisted. A source is
 * streamed with its exact Content-Length and opened afresh on a retry; nothing is held whole.
 */
export async function putPresigned(
  transport: Transport,
  family: ThetaFamily,
  rawUrl: string,
  data: Buffer | UploadSource,
  operatorHosts: readonly string[],
  onProgress?: UploadProgress,
): Promise<void> {
  const url = checkFetchUrl(rawUrl, UPLOAD_HOST_SUFFIXES, operatorHosts, "upload");
  const src = Buffer.isBuffer(data) ? bufferSource(data) : data;
  const res = await transport.send({
    family,
    method: "PUT",
    base: url.toString(),
    path: "",
    headers: { "content-type": "application/octet-stream", "content-length": String(src.size) },
    body: () => countedStream(src, onProgress),
    timeoutMs: transport.opts.timeoutMs + Math.ceil((src.size / 1048576) * MS_PER_MIB),
    route: "presigned upload",
  });
  await res.body.dump();
}
