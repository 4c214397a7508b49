/** Compact text views of operation results, for chat replies on any platform. */
// @ts-nocheck

const NAME_KEYS = ["name", "Name", "TemplateName", "alias", "id", "ID", "BaseID"];
const DETAIL_KEYS = [
  "id",
  "state",
  "status",
  "EndpointStatus",
  "Endpoint",
  "category",
  "vm_id",
  "price_hour",
  "Shard",
  "Suffix",
  "progress",
];

function label(o: Record<string, unknown>): string {
  const name = NAME_KEYS.map((k) => o[k]).find((v) => typeof v === "string" || typeof v === "number");
  const bits = DETAIL_KEYS.filter((k) => o[k] !== undefined && o[k] !== null && o[k] !== name && o[k] !== "")
    .slice(0, 4)
    .map((k) => `${k}: ${String(o[k])}`);
  return `• **${String(name ?? "item")}**${bits.length ? ` — ${bits.join(", ")}` : ""}`;
}

/** A compact text view of an operation result: the first list found, else the key fields. */
export function summarize(result: unknown): string {
  if (Array.isArray(result)) {
    if (result.length === 0) return "None.";
    const lines = result
      .slice(0, 15)
      .map((x) => (x && typeof x === "object" ? label(x as Record<string, unknown>) : `• ${String(x)}`));
    return `${lines.join("\n")}${result.length > 15 ? `\n…and ${result.length - 15} more` : ""}`;
  }
  if (result && typeof result === "object") {
    const o = result as Record<string, unknown>;
    const list = Object.values(o).find(Array.isArray);
    if (list) return summarize(list);
    return Object.entries(o)
      .filter(([, v]) => v === null || typeof v !== "object")
      .slice(0, 15)
      .map(([k, v]) => `**${k}**: ${String(v)}`)
      .join("\n");
  }
  return String(result);
}
