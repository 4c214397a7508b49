/** Seed data of the controller double: deployments, templates, clusters, storage claims, chatbots. */
// @ts-nocheck

import type { Deployment } from "./state.js";
import type { BaseUrls, ResolvedOptions } from "./types.js";
import { seedId } from "./util.js";

export const SEED_TIME = "2026-08-01T12:00:00.000Z";

export interface Template {
  id: string;
  name: string;
  category?: string;
  description: string;
  container_images: string[];
  container_port: number;
  rank: number;
  project_id: string | null;
  create_time: string;
}

/** Known ids from theta-api.md §2.1; the rest are derived from the name. */
const KNOWN_IDS: Record<string, string> = {
  "Grounding Dino": "img_qqu31asazaig666jtzp7gjd4pway",
  "DeepSeek R1 Distill Qwen 7B": "img_gf070dbq0kttgz1atmiatyunhdxm",
};

const SERVING = [
  "vLLM",
  "Grounding Dino",
  "DeepSeek R1 Distill Qwen 7B",
  "Llama 3.1 8B Instruct",
  "Llama 3.1 70B Instruct",
  "gpt-oss-20b",
  "gpt-oss-120b",
  "Qwen2.5 7B Instruct",
  "Mistral 7B Instruct",
  "Gemma 2 9B",
  "Phi-3 Mini",
  "Stable Diffusion WebUI",
  "Stable Diffusion XL",
  "FLUX.1 schnell",
  "ComfyUI",
  "Fooocus",
  "Ollama",
  "Open WebUI",
  "Text Generation Inference",
  "SGLang",
  "Whisper",
  "LLaVA",
  "BLIP",
  "Kokoro TTS",
  "Real-ESRGAN",
  "InstantID",
  "Stable Video Diffusion",
  "Segment Anything",
];

export const SERVING_COUNT = 64;

function template(
  name: string,
  category: string | undefined,
  rank: number,
  projectId: string | null,
): Template {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const t: Template = {
    id: KNOWN_IDS[name] ?? `img_${seedId(`${projectId ?? "std"}:${name}`, 28)}`,
    name,
    description: `${name} (test double template)`,
    container_images: [
      name === "vLLM" ? "thetalabsofficial/vllm-theta:latest" : `thetalabsofficial/${slug}:latest`,
    ],
    container_port: name === "vLLM" || name.includes("Instruct") ? 8000 : 7860,
    rank,
    project_id: projectId,
    create_time: SEED_TIME,
  };
  if (category !== undefined) t.category = category;
  return t;
}

export const STANDARD_TEMPLATES: Template[] = [
  ...Array.from({ length: SERVING_COUNT }, (_, i) =>
    template(SERVING[i] ?? `Serving Template ${String(i + 1).padStart(2, "0")}`, "serving", i + 1, null),
  ),
  ...["Jupyter Notebook", "GPU Node", "VS Code Server", "PyTorch Notebook"].map((n, i) =>
    template(n, "prototyping", i + 1, null),
  ),
];

export function customTemplates(projectId: string): Template[] {
  return [
    template("My Custom vLLM", "serving", 1, projectId),
    template("Legacy Custom Image", undefined, 2, projectId),
  ];
}

export function findTemplate(id: string, projectId: string): Template | undefined {
  return [...STANDARD_TEMPLATES, ...customTemplates(projectId)].find((t) => t.id === id);
}

function dep(
  opts: ResolvedOptions,
  d: Partial<Deployment> & Pick<Deployment, "TemplateName" | "Endpoint">,
): Deployment {
  const { TemplateName, ...rest } = d;
  return {
    TemplateName,
    TemplateID: STANDARD_TEMPLATES.find((t) => t.name === TemplateName)?.id ?? "",
    Shard: 1,
    Suffix: seedId(TemplateName, 8),
    BaseID: seedId(`base:${TemplateName}`, 20),
    AuthUsername: "",
    AuthPassword: "",
    EndpointStatus: "running",
    Region: "us-west",
    VmId: "vm_gt1",
    CreateTime: SEED_TIME,
    ProjectID: opts.projectId,
    ContainerImage: "",
    MinReplicas: 1,
    MaxReplicas: 1,
    ...rest,
  };
}

export function seedDeployments(opts: ResolvedOptions, baseUrls: BaseUrls): Deployment[] {
  const basic = "user" in opts.inferenceAuth ? opts.inferenceAuth : { user: "", pass: "" };
  return [
    dep(opts, {
      TemplateName: "Jupyter Notebook",
      Endpoint: "https://jupyter-1-jn8k2m4q.tec-s1.onthetaedgecloud.com",
      Suffix: "jn8k2m4q",
      ContainerImage: "jupyter/pytorch-notebook:latest",
    }),
    dep(opts, {
      TemplateName: "GPU Node",
      Endpoint: "https://gpu-node-1-gn5t7w1r.tec-s1.onthetaedgecloud.com",
      Suffix: "gn5t7w1r",
      ContainerImage: "thetalabsofficial/gpu-node:latest",
      VmId: "vm_gt2",
    }),
    dep(opts, {
      TemplateName: "vLLM",
      Endpoint: baseUrls.inference,
      Shard: 2,
      Suffix: "vl3p9d6s",
      AuthUsername: basic.user,
      AuthPassword: basic.pass,
      ContainerImage: "thetalabsofficial/vllm-theta:latest",
      VmId: "vm_gh200x1",
    }),
  ];
}

export function seedClusters(opts: ResolvedOptions): Record<string, unknown>[] {
  return [
    {
      id: `cls_${seedId("cluster", 16)}`,
      name: "double-cluster",
      project_id: opts.projectId,
      vm_id: "vm_gt2",
      node_count: 2,
      status: "running",
      region: "us-west",
      create_time: SEED_TIME,
    },
  ];
}

export function seedClaims(opts: ResolvedOptions): Record<string, unknown>[] {
  return [
    {
      id: `pvc_${seedId("claim", 16)}`,
      name: "double-volume",
      project_id: opts.projectId,
      size_gb: 50,
      status: "Bound",
      region: "us-west",
      create_time: SEED_TIME,
    },
  ];
}
