// @ts-nocheck
import { usageError } from "../errors.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";
import type { ServiceSummary } from "../theta/ondemand-services.js";
import type { PaidRequest } from "./actions.js";
import { IMAGE_PREFERENCE, textToImage, textToVideo, VIDEO_PREFERENCE } from "./services.js";

export interface ImagineOptions {
  prompt: string;
  model?: string | undefined;
  size?: string | undefined;
  steps?: number | undefined;
  seed?: number | undefined;
  negativePrompt?: string | undefined;
}

function pick(
  d: ServiceDiscovery,
  candidates: ServiceSummary[],
  preference: string[],
  kind: string,
  asked?: string,
) {
  if (asked) {
    const found = candidates.find((s) => s.alias === asked);
    if (!found) {
      const live = candidates.map((s) => s.alias).join(", ") || "none";
      throw usageError(
        "service_not_live",
        `${asked} is not a live ${kind} service right now. Live ${kind} services: ${live}.`,
      );
    }
    return found;
  }
  const byPref = preference.map((a) => candidates.find((s) => s.alias === a)).find(Boolean) ?? candidates[0];
  if (!byPref) {
    const all = d.services.map((s) => s.alias).join(", ") || "none";
    throw usageError(
      "service_not_live",
      `No ${kind} service is live on Theta right now. Live services: ${all}.`,
    );
  }
  return byPref;
}

/** Sets the first of `names` the service accepts. */
function setField(svc: ServiceSummary, input: Record<string, unknown>, names: string[], value: unknown) {
  if (value === undefined) return;
  const name = names.find((n) => svc.inputFields.some((f) => f.name === n));
  if (name) input[name] = value;
}

/** /imagine → the on-demand job for the chosen (or best live) text-to-image service. */
export function imagineRequest(d: ServiceDiscovery, o: ImagineOptions): PaidRequest {
  const svc = pick(d, textToImage(d.services), IMAGE_PREFERENCE, "image", o.model);
  const input: Record<string, unknown> = { prompt: o.prompt };
  if (o.size) {
    const m = /^(\d{3,4})x(\d{3,4})$/.exec(o.size);
    if (!m) throw usageError("INVALID_INPUT", `size must look like 1024x1024, got "${o.size}".`);
    setField(svc, input, ["width"], Number(m[1]));
    setField(svc, input, ["height"], Number(m[2]));
  }
  setField(svc, input, ["num_steps", "steps", "num_inference_steps"], o.steps);
  setField(
    svc,
    input,
    ["seed"],
    o.seed === undefined ? undefined : svc.alias === "flux" ? String(o.seed) : o.seed,
  );
  setField(svc, input, ["negative_prompt"], o.negativePrompt);
  return {
    title: `Image: ${o.prompt.slice(0, 80)}`,
    details: [
      { name: "Model", value: svc.name },
      ...(o.size ? [{ name: "Size", value: o.size }] : []),
      ...(o.seed !== undefined ? [{ name: "Seed", value: String(o.seed) }] : []),
    ],
    operation: "theta.ondemand.infer",
    input: { service: svc.alias, input },
    job: { kind: "ondemand", service: svc.alias, data: { service: svc.alias, input, mediaKind: "image" } },
  };
}

export interface VideoOptions {
  prompt: string;
  frames?: number | undefined;
  fps?: number | undefined;
  seed?: number | undefined;
  negativePrompt?: string | undefined;
}

/** /video → text-to-video; when none is live, says so and lists what is. */
export function videoRequest(d: ServiceDiscovery, o: VideoOptions): PaidRequest {
  const svc = pick(d, textToVideo(d.services), VIDEO_PREFERENCE, "video");
  const input: Record<string, unknown> = { prompt: o.prompt };
  setField(svc, input, ["frames"], o.frames);
  setField(svc, input, ["fps"], o.fps);
  setField(svc, input, ["seed"], o.seed);
  setField(svc, input, ["negative_prompt"], o.negativePrompt);
  return {
    title: `Video: ${o.prompt.slice(0, 80)}`,
    details: [
      { name: "Model", value: svc.name },
      ...(o.frames ? [{ name: "Frames", value: String(o.frames) }] : []),
      ...(o.fps ? [{ name: "FPS", value: String(o.fps) }] : []),
    ],
    operation: "theta.ondemand.infer",
    input: { service: svc.alias, input },
    job: { kind: "ondemand", service: svc.alias, data: { service: svc.alias, input, mediaKind: "video" } },
  };
}

/** Media commands that take an uploaded file (and optional text) for one service. */
export interface MediaCommandSpec {
  name: string;
  service: string;
  title: string;
  /** chat option → service input field; file options use the service's filename field. */
  files: Record<string, string>;
  texts?: Record<string, string>;
  output: "image" | "video" | "audio" | "any";
}

export const MEDIA_COMMANDS: MediaCommandSpec[] = [
  { name: "upscale", service: "esrgan", title: "Upscale", files: { image: "input_img" }, output: "image" },
  { name: "caption", service: "blip", title: "Caption", files: { image: "input_img" }, output: "any" },
  {
    name: "ask-image",
    service: "llava",
    title: "Ask about an image",
    files: { image: "input_img" },
    texts: { question: "question" },
    output: "any",
  },
  {
    name: "transcribe",
    service: "whisper",
    title: "Transcribe",
    files: { audio: "audio_filename" },
    texts: { language: "language" },
    output: "any",
  },
  {
    name: "detect",
    service: "grounding_dino",
    title: "Detect objects",
    files: { image: "input_img" },
    texts: { objects: "detection_prompt" },
    output: "image",
  },
  {
    name: "faceswap",
    service: "instant_id",
    title: "Identity-preserving image",
    files: { face: "face_img" },
    texts: { prompt: "prompt" },
    output: "image",
  },
  {
    name: "tryon",
    service: "stable_viton",
    title: "Virtual try-on",
    files: { person: "input_img", garment: "cloth_img" },
    output: "image",
  },
  {
    name: "talking-head",
    service: "talking_head",
    title: "Talking head",
    files: { portrait: "img", audio: "audio" },
    output: "video",
  },
];

/** A media command's request; the service must be live. Files are chat attachments fetched by the job. */
export function mediaRequest(
  d: ServiceDiscovery,
  spec: MediaCommandSpec,
  files: Record<string, { url: string; name: string }>,
  texts: Record<string, string | undefined>,
): PaidRequest {
  const live = d.services.find((s) => s.alias === spec.service);
  if (!live) {
    const alt = d.services.map((s) => s.alias).join(", ") || "none";
    throw usageError(
      "service_not_live",
      `${spec.title} needs ${spec.service}, which is not live on Theta right now. Live services: ${alt}.`,
    );
  }
  const input: Record<string, unknown> = {};
  for (const [opt, field] of Object.entries(spec.texts ?? {})) if (texts[opt]) input[field] = texts[opt];
  const jobFiles: Record<string, { url: string }> = {};
  for (const [opt, field] of Object.entries(spec.files)) {
    const f = files[opt];
    if (!f) throw usageError("MISSING_REQUIRED_FIELD", `Attach a file for "${opt}".`);
    jobFiles[field] = { url: f.url };
  }
  return {
    title: `${spec.title}: ${Object.values(files)
      .map((f) => f.name)
      .join(", ")
      .slice(0, 80)}`,
    details: [
      { name: "Model", value: live.name },
      ...Object.entries(texts)
        .filter(([, v]) => v)
        .map(([k, v]) => ({ name: k, value: String(v) })),
    ],
    operation: "theta.ondemand.infer",
    input: { service: spec.service, input },
    job: {
      kind: "ondemand",
      service: spec.service,
      data: { service: spec.service, input, files: jobFiles, mediaKind: spec.output },
    },
  };
}
