import type { UploadProgress } from "../theta/upload-source.js";
import type { OperationContext } from "./define.js";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** Upload progress as the operation's progress events ("uploading clip.mp4 — 3.1 MB of 12.0 MB"). */
export function uploadProgress(ctx: OperationContext, filename: string): UploadProgress {
  return (sent, total) =>
    ctx.progress({
      stage: "uploading",
      message: `${filename}: ${mb(sent)} of ${mb(total)}`,
      percent: total ? (sent / total) * 100 : 100,
    });
}
