/**
 * What the bot itself spent for one tenant, from its job ledger: per member and per command,
 * counted like the daily budgets are trued up (Theta's reported cost, else the reservation;
 * nothing for jobs that never reached Theta).
 */
export interface SpendRecord {
  kind: string;
  state: string;
  service?: string | undefined;
  upstreamId?: string | undefined;
  origin: { platform: string; tenantId: string; userId: string };
  cost?: { amount: number; currency: string } | undefined;
  data?: unknown;
  createdAt: number;
}

export interface BotSpend {
  totalUsd: number;
  byMember: Array<{ key: string; usd: number }>;
  byCommand: Array<{ key: string; usd: number }>;
  jobs: number;
}

export function spentOn(e: SpendRecord): number {
  const reserved = Number((e.data as { reservedUsd?: unknown } | undefined)?.reservedUsd ?? 0) || 0;
  const neverCharged = !e.upstreamId && (e.state === "failed" || e.state === "cancelled");
  if (neverCharged) return 0;
  return e.cost?.currency === "USD" ? e.cost.amount : reserved;
}

const COMMAND: Record<string, string> = {
  ondemand: "on-demand",
  video: "video",
  gpu: "gpu node",
  readiness: "endpoint",
};

export function botSpend(
  entries: SpendRecord[],
  tenant: { platform: string; id: string },
  since: number,
  nameOf: (userId: string) => string = (u) => u,
): BotSpend {
  const member = new Map<string, number>();
  const command = new Map<string, number>();
  let total = 0;
  let jobs = 0;
  for (const e of entries) {
    if (e.origin.platform !== tenant.platform || e.origin.tenantId !== tenant.id || e.createdAt < since)
      continue;
    const usd = spentOn(e);
    if (usd <= 0) continue;
    jobs++;
    total += usd;
    const m = nameOf(e.origin.userId);
    member.set(m, (member.get(m) ?? 0) + usd);
    const c = `${COMMAND[e.kind] ?? e.kind}${e.service && e.kind !== "gpu" ? ` ${e.service}` : ""}`;
    command.set(c, (command.get(c) ?? 0) + usd);
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([key, usd]) => ({ key, usd: Math.round(usd * 1e6) / 1e6 }))
      .sort((a, b) => b.usd - a.usd);
  return {
    totalUsd: Math.round(total * 1e6) / 1e6,
    byMember: sorted(member),
    byCommand: sorted(command),
    jobs,
  };
}

export function botSpendCsv(b: BotSpend): string {
  const lines = ["kind,key,usd"];
  for (const r of b.byMember) lines.push(`member,${r.key.replace(/[,\n]/g, " ")},${r.usd.toFixed(4)}`);
  for (const r of b.byCommand) lines.push(`command,${r.key.replace(/[,\n]/g, " ")},${r.usd.toFixed(4)}`);
  lines.push(`total,bot,${b.totalUsd.toFixed(4)}`);
  return `${lines.join("\n")}\n`;
}
