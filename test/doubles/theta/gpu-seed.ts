/** Seed data of the GPU Node project API (§2.9): resources with prices, templates, 90 days of usage, top-ups, pricing. */
import { seedId } from "./util.js";

export interface GpuResourceSeed {
  id: string;
  name: string;
  type: "hosted" | "community";
  gpu_model: string;
  gpu_count: number;
  gpu_memory_gb: number;
  regions: string[];
  price_per_hour_usd: number;
  available: boolean;
}

export const GPU_RESOURCES: GpuResourceSeed[] = [
  {
    id: "h100_80gb_x1",
    name: "H100 80GB ×1",
    type: "hosted",
    gpu_model: "H100",
    gpu_count: 1,
    gpu_memory_gb: 80,
    regions: ["us-west-1", "eu-central-1"],
    price_per_hour_usd: 2.49,
    available: true,
  },
  {
    id: "a100_40gb_x1",
    name: "A100 40GB ×1",
    type: "hosted",
    gpu_model: "A100",
    gpu_count: 1,
    gpu_memory_gb: 40,
    regions: ["us-west-1"],
    price_per_hour_usd: 1.29,
    available: true,
  },
  {
    id: "rtx4090_24gb_x2",
    name: "RTX 4090 24GB ×2",
    type: "hosted",
    gpu_model: "RTX 4090",
    gpu_count: 2,
    gpu_memory_gb: 24,
    regions: ["us-east-1"],
    price_per_hour_usd: 1.38,
    available: true,
  },
  {
    id: "community_node/1",
    name: "Community RTX 3090",
    type: "community",
    gpu_model: "RTX 3090",
    gpu_count: 1,
    gpu_memory_gb: 24,
    regions: ["community"],
    price_per_hour_usd: 0.22,
    available: true,
  },
  {
    id: "community_node/7",
    name: "Community RTX 4090",
    type: "community",
    gpu_model: "RTX 4090",
    gpu_count: 1,
    gpu_memory_gb: 24,
    regions: ["community"],
    price_per_hour_usd: 0.35,
    available: true,
  },
];

export const GPU_TEMPLATES = [
  {
    id: "gpu_tpl_pytorch",
    name: "PyTorch 2.5 · CUDA 12.4",
    description: "Ubuntu 22.04 with PyTorch, Jupyter and SSH",
    container_images: ["thetalabs/pytorch:2.5-cuda12.4", "thetalabs/pytorch:2.4-cuda12.1"],
    default_ssh_port: 22,
    default_http_port: 8888,
  },
  {
    id: "gpu_tpl_cuda",
    name: "CUDA 12.4 devel",
    description: "Plain CUDA toolkit image with SSH",
    container_images: ["nvidia/cuda:12.4.1-devel-ubuntu22.04"],
    default_ssh_port: 22,
    default_http_port: 0,
  },
  {
    id: "gpu_tpl_comfyui",
    name: "ComfyUI",
    description: "ComfyUI on port 8188",
    container_images: ["thetalabs/comfyui:latest"],
    default_ssh_port: 22,
    default_http_port: 8188,
  },
];

export const USAGE_CATEGORIES = [
  "gpu_node",
  "dedicated_inference",
  "on_demand_inference",
  "storage",
] as const;
export const USAGE_HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

/** Deterministic daily usage for the 90 days ending `today` (YYYY-MM-DD, UTC): several categories, some days without GPU use. */
export function usageHistory(today: string): Array<{ date: string; category: string; amount_usd: number }> {
  const end = Date.parse(`${today}T00:00:00Z`);
  const rows: Array<{ date: string; category: string; amount_usd: number }> = [];
  for (let i = USAGE_HISTORY_DAYS - 1; i >= 0; i--) {
    const date = new Date(end - i * DAY_MS).toISOString().slice(0, 10);
    USAGE_CATEGORIES.forEach((category, c) => {
      const h = Number.parseInt(seedId(`${date}:${category}`, 4), 36) % 1000;
      const base = [6, 3, 0.8, 0.35][c] ?? 1;
      // GPU Nodes are idle on some days; storage accrues every day.
      if (category === "gpu_node" && h % 5 === 0) return;
      rows.push({ date, category, amount_usd: Math.round(base * (0.4 + h / 1000) * 10000) / 10000 });
    });
  }
  return rows;
}

export function topUpsSeed(orgId: string) {
  return Array.from({ length: 45 }, (_, i) => ({
    id: `topup_${seedId(`${orgId}:${i}`, 12)}`,
    org_id: orgId,
    amount_usd: [50, 100, 250, 500][i % 4],
    status: i === 2 ? "pending" : "completed",
    payment_method: i % 3 === 0 ? "crypto" : "card",
    created_at: new Date(Date.UTC(2026, 10, 28) - i * 2 * DAY_MS).toISOString(),
  }));
}

export const PRICING = {
  chatbot: { per_1k_input_tokens_usd: 0.0005, per_1k_output_tokens_usd: 0.0015, currency: "USD" },
  storage: { per_gb_month_usd: 0.1, currency: "USD" },
  on_demand_inference: [
    { service: "flux", unit: "image", price_usd: 0.0035 },
    { service: "stable_diffusion_xl", unit: "image", price_usd: 0.002 },
    { service: "whisper", unit: "minute", price_usd: 0.006 },
    { service: "llama_3_1_70b", unit: "1M tokens", price_usd: 0.9 },
  ],
};
