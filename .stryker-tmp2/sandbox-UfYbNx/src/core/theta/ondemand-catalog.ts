/**
 * The bundled on-demand catalog: what the bot knows about each service when live discovery
 * (GET /service/list) fails. Prices are the documented ones (theta-api.md §3).
 */
// @ts-nocheck

export type ServiceCategory = "image" | "video" | "audio" | "text" | "vision" | "other";

export interface InputField {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string | undefined;
}

export interface Pricing {
  /** USD per output unit (image, video, clip), when priced per unit. */
  perUnitUsd?: number | undefined;
  unit?: "image" | "video" | "audio" | "request" | undefined;
  /** Per-1M-token prices for LLMs, in the raw units Theta publishes (currency unverified). */
  inputPer1M?: number | undefined;
  outputPer1M?: number | undefined;
  note?: string | undefined;
}

export interface CatalogEntry {
  alias: string;
  name: string;
  category: ServiceCategory;
  defaultPrediction?: string;
  inputs: InputField[];
  outputField?: string;
  pricing: Pricing;
  chat?: boolean;
}

const f = (name: string, type: string, required = false, dflt?: unknown): InputField =>
  dflt === undefined ? { name, type, required } : { name, type, required, default: dflt };
const chatInputs = [
  f("messages", "chat_array", true),
  f("max_tokens", "integer"),
  f("temperature", "number"),
  f("top_p", "number"),
  f("stream", "bool", false, false),
];
const llm = (alias: string, name: string, inputPer1M: number, outputPer1M: number): CatalogEntry => ({
  alias,
  name,
  category: "text",
  defaultPrediction: "completions",
  inputs: chatInputs,
  outputField: "message",
  pricing: { inputPer1M, outputPer1M, note: "per 1M tokens, raw units" },
  chat: true,
});

export const CATALOG: readonly CatalogEntry[] = [
  llm("glm_5_3", "GLM-5.3", 154, 484),
  llm("glm_5_3_flash", "GLM-5.3 Flash", 17, 55),
  llm("glm_5_2", "GLM-5.2", 154, 484),
  llm("qwen3", "Qwen3", 20, 40),
  llm("gpt_oss_120b", "gpt-oss-120b", 4, 20),
  llm("minimax_m2_5", "MiniMax M2.5", 20, 120),
  llm("llama_3_1_70b", "Llama 3.1 70B", 20, 40),
  llm("llama_3_8b", "Llama 3 8B", 20, 40),
  {
    alias: "flux",
    name: "FLUX.1-schnell",
    category: "image",
    defaultPrediction: "generate_image",
    inputs: [
      f("prompt", "string", true),
      f("width", "integer", false, 512),
      f("height", "integer", false, 512),
      f("guidance", "number", false, 3.5),
      f("num_steps", "integer", false, 4),
      f("seed", "string"),
    ],
    outputField: "image_url",
    pricing: { perUnitUsd: 0.01, unit: "image" },
  },
  {
    alias: "stable_diffusion_xl_turbo",
    name: "Stable Diffusion XL Turbo",
    category: "image",
    defaultPrediction: "predict",
    inputs: [
      f("prompt", "string", true),
      f("steps", "integer", false, 2),
      f("strength", "number", false, 0.7),
      f("guidance", "number", false, 0),
    ],
    outputField: "image_url",
    pricing: { perUnitUsd: 0.01, unit: "image" },
  },
  {
    alias: "image_to_image",
    name: "Image to image",
    category: "image",
    defaultPrediction: "stylize",
    inputs: [f("image_filename", "filename", true)],
    outputField: "image_url",
    pricing: {},
  },
  {
    alias: "esrgan",
    name: "ESRGAN upscaler",
    category: "image",
    inputs: [f("input_img", "filename", true)],
    outputField: "image_url",
    pricing: { perUnitUsd: 0.02, unit: "image" },
  },
  {
    alias: "instant_id",
    name: "InstantID",
    category: "image",
    inputs: [f("face_img", "filename", true), f("prompt", "string", true)],
    outputField: "image_url",
    pricing: { perUnitUsd: 0.24, unit: "image" },
  },
  {
    alias: "stable_viton",
    name: "StableVITON try-on",
    category: "image",
    inputs: [f("input_img", "filename", true), f("cloth_img", "filename", true)],
    outputField: "image_url",
    pricing: {},
  },
  {
    alias: "step_video",
    name: "Step-Video text to video",
    category: "video",
    defaultPrediction: "generate",
    inputs: [
      f("prompt", "string", true),
      f("negative_prompt", "string"),
      f("fps", "integer", false, 25),
      f("frames", "integer", false, 50),
      f("seed", "integer"),
    ],
    outputField: "video_url",
    pricing: { perUnitUsd: 0.2, unit: "video" },
  },
  {
    alias: "talking_head",
    name: "Talking head",
    category: "video",
    inputs: [f("img", "filename", true), f("audio", "filename", true)],
    outputField: "video_url",
    pricing: { perUnitUsd: 0.02, unit: "video" },
  },
  {
    alias: "grounding_dino",
    name: "Grounding DINO",
    category: "vision",
    defaultPrediction: "0",
    inputs: [f("input_img", "filename", true), f("detection_prompt", "string", true)],
    outputField: "image_url",
    pricing: { perUnitUsd: 0.01, unit: "image" },
  },
  {
    alias: "blip",
    name: "BLIP captioning",
    category: "vision",
    defaultPrediction: "predict",
    inputs: [f("input_img", "filename", true)],
    outputField: "text",
    pricing: { perUnitUsd: 0.01, unit: "image" },
  },
  {
    alias: "llava",
    name: "LLaVA vision Q&A",
    category: "vision",
    defaultPrediction: "predict",
    inputs: [f("input_img", "filename", true), f("question", "string", true)],
    outputField: "text",
    pricing: { perUnitUsd: 0.01, unit: "image" },
  },
  {
    alias: "whisper",
    name: "Whisper speech to text",
    category: "audio",
    defaultPrediction: "stt",
    inputs: [f("audio_filename", "filename", true), f("language", "string")],
    outputField: "text",
    pricing: { note: "low fractional cost per clip" },
  },
  {
    alias: "voice_cloning",
    name: "Voice cloning TTS",
    category: "audio",
    inputs: [f("text", "string", true), f("language", "string", true), f("voice", "string", true)],
    outputField: "audio_url",
    pricing: { perUnitUsd: 0.01, unit: "audio" },
  },
  {
    alias: "kokoro_82m",
    name: "Kokoro 82M TTS",
    category: "audio",
    inputs: [f("text", "string", true), f("voice", "string", true), f("speed", "number")],
    outputField: "audio_url",
    pricing: {},
  },
];

export function catalogEntry(alias: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.alias === alias);
}

/** The category heuristic of the upstream runtime, on alias and name. */
export function categorize(alias: string, name = ""): ServiceCategory {
  const s = `${alias} ${name}`.toLowerCase();
  if (/whisper|audio|voice|kokoro|tts/.test(s)) return "audio";
  if (/video|talking_head/.test(s)) return "video";
  if (/llava|vision|blip|grounding|dino/.test(s)) return "vision";
  if (/flux|stable|sdxl|image|upscale|esrgan|instant_id|viton/.test(s)) return "image";
  if (/qwen|gpt|llama|mistral|chat|glm|minimax|deepseek/.test(s)) return "text";
  return "other";
}
