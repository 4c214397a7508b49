/** Building blocks for the on-demand service catalog (input-var specs, service definitions). */
// @ts-nocheck


export type Kind = "image" | "video" | "audio" | "stt" | "caption" | "vqa" | "detect" | "llm";

export interface InputVar {
  type: string;
  index: number;
  description: string;
  required: boolean;
  default: unknown;
}

export interface ServiceDef {
  alias: string;
  name: string;
  kind: Kind;
  defaultPrediction: string;
  /** prediction name → input vars */
  predictions: Record<string, Record<string, InputVar>>;
  cost: number | { input: number; output: number };
  costDivisor: number;
  variants: string[];
}

export type VarSpec = [type: string, required: boolean, description: string, def?: unknown];

export function vars(spec: Record<string, VarSpec>): Record<string, InputVar> {
  const out: Record<string, InputVar> = {};
  Object.entries(spec).forEach(([name, [type, required, description, def]], index) => {
    out[name] = { type, index, description, required, default: def ?? null };
  });
  return out;
}

export const chatVars = (maxTokens: number): Record<string, InputVar> =>
  vars({
    messages: ["chat_array", true, "OpenAI-style chat messages [{role, content}]"],
    max_tokens: ["integer", false, "maximum tokens to generate", maxTokens],
    temperature: ["number", false, "sampling temperature", 0.7],
    top_p: ["number", false, "nucleus sampling", 1],
    stream: ["bool", false, "stream the answer as SSE", false],
    reasoning_effort: ["string", false, "low | high | max", "low"],
  });

export const img = (desc = "input image (presigned upload filename or URL)"): VarSpec => [
  "filename",
  true,
  desc,
];
export const prompt: VarSpec = ["string", true, "text prompt"];

export function def(
  alias: string,
  name: string,
  kind: Kind,
  prediction: string,
  inputs: Record<string, InputVar>,
  cost: ServiceDef["cost"],
  costDivisor: number,
  variants: string[] = ["default"],
): ServiceDef {
  return {
    alias,
    name,
    kind,
    defaultPrediction: prediction,
    predictions: { [prediction]: inputs },
    cost,
    costDivisor,
    variants,
  };
}

export const llm = (
  alias: string,
  name: string,
  input: number,
  output: number,
  maxTokens = 5000,
): ServiceDef => def(alias, name, "llm", "completions", chatVars(maxTokens), { input, output }, 1_000_000);
