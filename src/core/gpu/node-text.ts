import type { GpuDeployment } from "../theta/gpu-shapes.js";

/** "1 h 05 min", "3 min 20 s". */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

export const costSoFar = (hourlyUsd: number | undefined, ms: number) =>
  hourlyUsd === undefined ? undefined : Math.round(hourlyUsd * (ms / 3_600_000) * 10000) / 10000;

/** The private message with what the requester needs to connect. */
export function connectionText(d: GpuDeployment, hourlyUsd: number | undefined, stopHint: string): string {
  const lines = [
    `${d.name ?? d.id} is running.`,
    d.connection.ssh
      ? `SSH: \`${d.connection.ssh}\` (with the key you gave)`
      : "SSH: Theta sent no SSH address yet; see the deployment's details.",
    d.connection.http ? `HTTP: ${d.connection.http}` : undefined,
    `Billing: ${hourlyUsd === undefined ? "hourly, at the resource's rate" : `$${hourlyUsd.toFixed(2)} per hour`} until stopped: ${stopHint}`,
  ];
  return lines.filter(Boolean).join("\n");
}

/** Store key recording who started a GPU Node (connection details are shown only to them and admins). */
export const gpuOwnerKey = (platform: string, tenantId: string, deploymentId: string) =>
  `gpu:owner:${platform}:${tenantId}:${encodeURIComponent(deploymentId)}`;
