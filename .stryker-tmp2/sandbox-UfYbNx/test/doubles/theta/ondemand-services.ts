/** The on-demand service catalog the double serves (MCP-shaped service objects, theta-api.md §3). */
// @ts-nocheck

import { def, img, llm, prompt, type ServiceDef, vars } from "./ondemand-defs.js";
import { seedId } from "./util.js";

export type { Kind, ServiceDef } from "./ondemand-defs.js";

export const SERVICES: ServiceDef[] = [
  def(
    "flux",
    "FLUX.1-schnell",
    "image",
    "generate_image",
    vars({
      prompt,
      width: ["integer", false, "image width", 512],
      height: ["integer", false, "image height", 512],
      guidance: ["number", false, "guidance scale", 3.5],
      num_steps: ["integer", false, "denoising steps", 4],
      seed: ["string", false, "random seed"],
      image2image_strength: ["number", false, "image-to-image strength", 0.8],
    }),
    1,
    100,
    ["default", "quantized"],
  ),
  def(
    "stable_diffusion_xl_turbo",
    "Stable Diffusion XL Turbo",
    "image",
    "predict",
    vars({
      prompt,
      steps: ["integer", false, "denoising steps", 2],
      strength: ["number", false, "strength", 0.7],
      guidance: ["number", false, "guidance scale", 0],
    }),
    1,
    100,
  ),
  def(
    "step_video",
    "Step-Video",
    "video",
    "generate",
    vars({
      prompt,
      negative_prompt: ["string", false, "negative prompt", ""],
      fps: ["integer", false, "frames per second", 25],
      frames: ["integer", false, "number of frames", 50],
      seed: ["string", false, "random seed"],
    }),
    20,
    100,
  ),
  def("esrgan", "ESRGAN Upscaler", "image", "predict", vars({ input_img: img() }), 2, 100),
  def("blip", "BLIP Image Captioning", "caption", "predict", vars({ input_img: img() }), 1, 100),
  def(
    "llava",
    "LLaVA",
    "vqa",
    "predict",
    vars({ input_img: img(), question: ["string", true, "question about the image"] }),
    1,
    100,
    ["default", "quantized"],
  ),
  def(
    "whisper",
    "Whisper",
    "stt",
    "stt",
    vars({
      audio_filename: ["filename", true, "audio file (presigned upload filename or URL)"],
      language: ["string", false, "language code", "en"],
    }),
    1,
    1000,
  ),
  def(
    "grounding_dino",
    "Grounding DINO",
    "detect",
    "0",
    vars({ input_img: img(), detection_prompt: ["string", true, "objects to detect"] }),
    1,
    100,
  ),
  def("instant_id", "InstantID", "image", "predict", vars({ face_img: img("face image"), prompt }), 24, 100),
  def(
    "stable_viton",
    "StableVITON",
    "image",
    "predict",
    vars({ input_img: img("model image"), cloth_img: img("garment image") }),
    1,
    100,
  ),
  def(
    "talking_head",
    "Talking Head",
    "video",
    "predict",
    vars({ img: img("portrait image"), audio: ["filename", true, "speech audio"] }),
    2,
    100,
  ),
  def(
    "kokoro_82m",
    "Kokoro 82M",
    "audio",
    "predict",
    vars({
      text: ["string", true, "text to speak"],
      voice: ["string", true, "voice id, e.g. af_sky", "af_sky"],
      speed: ["number", false, "speech speed", 1],
    }),
    1,
    100,
  ),
  {
    alias: "image_to_image",
    name: "Image to Image",
    kind: "image",
    defaultPrediction: "stylize",
    predictions: {
      stylize: vars({ image_filename: img(), prompt: ["string", false, "style prompt", ""] }),
      upscale: vars({ image_filename: img() }),
      background_removal: vars({ image_filename: img() }),
    },
    cost: 1,
    costDivisor: 100,
    variants: ["default"],
  },
  llm("qwen3", "Qwen3", 20, 40),
  llm("glm_5_3", "GLM-5.3", 154, 484),
  llm("glm_5_3_flash", "GLM-5.3 Flash", 17, 55),
  llm("gpt_oss_120b", "gpt-oss-120b", 4, 20, 1800),
];

export const DEFAULT_LIVE = [
  "flux",
  "stable_diffusion_xl_turbo",
  "step_video",
  "esrgan",
  "blip",
  "llava",
  "whisper",
  "grounding_dino",
  "glm_5_3",
  "gpt_oss_120b",
  "qwen3",
];

export function serviceId(alias: string): string {
  return `srvc_${seedId(`service:${alias}`, 20)}`;
}

export function templateId(alias: string): string {
  return `tmpl_${seedId(`template:${alias}`, 20)}`;
}

export function findService(aliasOrId: string): ServiceDef | undefined {
  return SERVICES.find((s) => s.alias === aliasOrId || serviceId(s.alias) === aliasOrId);
}
