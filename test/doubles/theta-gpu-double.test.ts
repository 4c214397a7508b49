import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createThetaDouble, GPU_RESOURCES, type ThetaDouble } from "./theta/index.js";

let d: ThetaDouble;
beforeAll(async () => {
  d = await createThetaDouble();
});
afterAll(() => d.close());
beforeEach(() => d.reset());

const UA = { "user-agent": "Mozilla/5.0" };
async function call(
  method: string,
  tail: string,
  body?: unknown,
  o: { key?: string; project?: string } = {},
) {
  const res = await fetch(
    `${d.baseUrls.controller}/v1/projects/${o.project ?? d.options.projectId}/${tail}`,
    {
      method,
      headers: {
        ...UA,
        "x-api-key": o.key ?? d.options.apiKey,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
  );
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as { status: string; body?: unknown; message?: string }) : null,
  };
}

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9kb3VibGVrZXlkb3VibGVrZXlkb3VibGU t@h";
const body = (o: Record<string, unknown> = {}) => ({
  deployment_template_id: "gpu_tpl_pytorch",
  resource_id: "h100_80gb_x1",
  container_image: "thetalabs/pytorch:2.5-cuda12.4",
  ssh_public_key: KEY,
  ...o,
});

describe("Theta double: GPU Node project API", () => {
  it("needs the project's key and its own project id", async () => {
    expect((await call("GET", "gpu-resources", undefined, { key: "wrong" })).status).toBe(403);
    expect((await call("GET", "gpu-resources", undefined, { project: "prj_other" })).status).toBe(403);
    const ok = await call("GET", "gpu-resources");
    expect(ok.json).toEqual({ status: "success", body: { gpu_resources: GPU_RESOURCES } });
  });

  it("validates creates like Theta: name, template images, community ceilings (409 below the price)", async () => {
    expect((await call("POST", "gpu-deployments", body({ name: "bad name" }))).status).toBe(400);
    expect(
      (await call("POST", "gpu-deployments", body({ container_image: "ubuntu:latest" }))).json?.message,
    ).toMatch(/not allowed/);
    const community = body({
      resource_id: "community_node/1",
      deployment_template_id: "gpu_tpl_cuda",
      container_image: "nvidia/cuda:12.4.1-devel-ubuntu22.04",
    });
    expect((await call("POST", "gpu-deployments", community)).json?.message).toMatch(
      /max_price_per_hour_usd is required/,
    );
    const low = await call("POST", "gpu-deployments", { ...community, max_price_per_hour_usd: 0.1 });
    expect(low.status).toBe(409);
    expect(low.json?.message).toMatch(/No instances available/);
  });

  it("a node starts pending, turns running after the configured reads, stops, and is deleted with 204", async () => {
    d.setGpuStart({ reads: 2 });
    const created = await call("POST", "gpu-deployments", body());
    const id = (created.json!.body as { id: string }).id;
    const status = async () =>
      ((await call("GET", `gpu-deployments/${id}`)).json!.body as { status: string }).status;
    expect([await status(), await status(), await status()]).toEqual(["pending", "pending", "running"]);
    expect((await call("POST", `gpu-deployments/${id}/stop`)).status).toBe(200);
    expect((await call("GET", `gpu-deployments/${id}/logs`)).status).toBe(409);
    const del = await call("DELETE", `gpu-deployments/${id}`);
    expect(del.status).toBe(204);
    expect(del.json).toBeNull();
  });

  it("usage is at most 366 days; top-ups number at most 100", async () => {
    expect((await call("GET", "billing/usage?start_date=2025-01-01&end_date=2026-01-02")).status).toBe(400);
    expect((await call("GET", "billing/top-ups?number=101")).status).toBe(400);
  });
});
