/**
 * Tolerant readers for the project-scoped GPU Node API (theta-api.md §2.9), whose response bodies
 * are not documented: each reads only the fields the bot relies on, keeps the raw record, and
 * names what it expected and did not find (in `notes`) instead of failing.
 */

export type Raw = Record<string, unknown>;

const isObj = (v: unknown): v is Raw => !!v && typeof v === "object" && !Array.isArray(v);

/** The first non-empty value under one of `keys` (case-insensitive), one level deep. */
export function pick(o: Raw, keys: readonly string[]): unknown {
  const lower = new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  for (const k of keys) {
    const v = lower.get(k.toLowerCase());
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

export const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;

export function num(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A list from a bare array or from the first array under one of `keys` (or any array field). */
export function listOf(body: unknown, keys: readonly string[]): { items: Raw[]; found: boolean } {
  if (Array.isArray(body)) return { items: body.filter(isObj), found: true };
  if (!isObj(body)) return { items: [], found: body === null || body === undefined };
  const named = pick(body, keys);
  if (Array.isArray(named)) return { items: named.filter(isObj), found: true };
  const any = Object.values(body).find(Array.isArray);
  return any ? { items: any.filter(isObj), found: true } : { items: [], found: false };
}

export interface GpuResource {
  id: string;
  name: string;
  kind: "hosted" | "community" | "unknown";
  gpu?: string | undefined;
  gpuCount?: number | undefined;
  regions: string[];
  pricePerHourUsd?: number | undefined;
  available?: boolean | undefined;
  raw: Raw;
}

const PRICE_KEYS = [
  "price_per_hour_usd",
  "hourly_price_usd",
  "price_per_hour",
  "hourly_price",
  "price_hour",
  "price",
];

export function readResource(r: Raw, notes: string[]): GpuResource | undefined {
  const id = str(pick(r, ["id", "resource_id", "gpu_resource_id"]));
  if (!id) {
    notes.push("a GPU resource without an id was skipped");
    return undefined;
  }
  const kindRaw = String(pick(r, ["type", "kind", "resource_type", "source"]) ?? "").toLowerCase();
  const kind =
    kindRaw.includes("community") || id.startsWith("community")
      ? "community"
      : kindRaw.includes("hosted") || kindRaw !== ""
        ? "hosted"
        : "unknown";
  const regionsRaw = pick(r, ["regions", "region", "available_regions"]);
  const regions = Array.isArray(regionsRaw)
    ? regionsRaw
        .map((x) => str(isObj(x) ? pick(x, ["id", "name", "region"]) : x))
        .filter((x): x is string => !!x)
    : str(regionsRaw)
      ? [str(regionsRaw)!]
      : [];
  const price = num(pick(r, PRICE_KEYS));
  if (price === undefined) notes.push(`${id} lists no hourly price`);
  const avail = pick(r, ["available", "is_available", "availability"]);
  return {
    id,
    name: str(pick(r, ["display_name", "name", "gpu_name"])) ?? id,
    kind,
    gpu: str(pick(r, ["gpu_model", "gpu_type", "gpu", "model"])),
    gpuCount: num(pick(r, ["gpu_count", "num_gpus", "gpus"])),
    regions,
    pricePerHourUsd: price,
    available: typeof avail === "boolean" ? avail : undefined,
    raw: r,
  };
}

export interface GpuTemplate {
  id: string;
  name: string;
  images: string[];
  raw: Raw;
}

export function readTemplate(t: Raw, notes: string[]): GpuTemplate | undefined {
  const id = str(pick(t, ["id", "template_id", "deployment_template_id"]));
  if (!id) {
    notes.push("a template without an id was skipped");
    return undefined;
  }
  const imgs = pick(t, [
    "container_images",
    "allowed_images",
    "images",
    "allowed_container_images",
    "container_image",
  ]);
  const images = (Array.isArray(imgs) ? imgs : imgs === undefined ? [] : [imgs])
    .map((x) => str(isObj(x) ? pick(x, ["image", "name", "uri"]) : x))
    .filter((x): x is string => !!x);
  if (images.length === 0) notes.push(`template ${id} lists no container images`);
  return { id, name: str(pick(t, ["display_name", "name"])) ?? id, images, raw: t };
}

export interface GpuConnection {
  ssh?: string | undefined;
  http?: string | undefined;
}

export interface GpuDeployment {
  id: string;
  name?: string | undefined;
  status: string;
  resourceId?: string | undefined;
  pricePerHourUsd?: number | undefined;
  connection: GpuConnection;
  raw: Raw;
}

/** Connection details from flat fields or a nested `connection`/`ssh`/`endpoints` object. */
function connectionOf(d: Raw): GpuConnection {
  // A nested connection object wins over flat fields (a flat ssh_port is often the container's port).
  const nested = [
    ...["connection", "connection_info", "ssh", "endpoints", "access"].map((k) => pick(d, [k])),
    d,
  ].filter(isObj);
  const find = (keys: string[]) => nested.map((o) => pick(o, keys)).find((v) => v !== undefined);
  const sshCmd = str(find(["ssh_command", "ssh_cmd", "command"]));
  const host = str(find(["ssh_host", "host", "ip", "public_ip"]));
  const port = str(find(["ssh_port", "port"]));
  const user = str(find(["ssh_user", "user", "username"])) ?? "root";
  const http = str(find(["http_url", "http_endpoint", "url", "endpoint"]));
  const ssh =
    sshCmd ?? (host ? `ssh ${user}@${host}${port && port !== "22" ? ` -p ${port}` : ""}` : undefined);
  return { ssh, http };
}

export function readDeployment(d: Raw, notes: string[]): GpuDeployment | undefined {
  const id = str(pick(d, ["id", "deployment_id", "gpu_deployment_id"]));
  if (!id) {
    notes.push("a deployment without an id was skipped");
    return undefined;
  }
  const status = str(pick(d, ["status", "state", "phase"]));
  if (!status) notes.push(`deployment ${id} reports no status`);
  return {
    id,
    name: str(pick(d, ["display_name", "name"])),
    status: (status ?? "unknown").toLowerCase(),
    resourceId: str(pick(d, ["resource_id", "gpu_resource_id"])),
    pricePerHourUsd: num(pick(d, PRICE_KEYS)),
    connection: connectionOf(d),
    raw: d,
  };
}

const RUNNING = /^(running|ready|active|started)$/;
const FAILED = /^(failed|error|errored|crashloopbackoff|terminated)$/;
export const isRunning = (status: string) => RUNNING.test(status);
export const isFailed = (status: string) => FAILED.test(status);
