/** Tolerant readers for the project billing routes (usage, top-ups, pricing; theta-api.md §2.9). */
import { listOf, num, pick, type Raw, str } from "./gpu-shapes.js";

export interface UsageRow {
  date: string;
  category: string;
  usd: number;
}

const AMOUNT = ["amount_usd", "cost_usd", "usd", "amount", "cost", "total_usd", "total", "value"];
const DAY = /^\d{4}-\d{2}-\d{2}/;
const isObj = (v: unknown): v is Raw => !!v && typeof v === "object" && !Array.isArray(v);

/** Rows of one daily entry: `{date, category, amount}` or `{date, categories: {name: amount} | [{category, amount}]}`. */
function rowsOfDay(d: Raw, notes: string[]): UsageRow[] {
  const date = str(pick(d, ["date", "day", "usage_date"]))?.slice(0, 10);
  if (!date || !DAY.test(date)) {
    notes.push("a usage entry without a YYYY-MM-DD date was skipped");
    return [];
  }
  const cats = pick(d, ["categories", "by_category", "breakdown", "items"]);
  if (isObj(cats)) {
    return Object.entries(cats).flatMap(([category, v]) => {
      const usd = isObj(v) ? num(pick(v, AMOUNT)) : num(v);
      return usd === undefined ? [] : [{ date, category, usd }];
    });
  }
  if (Array.isArray(cats)) {
    return cats.filter(isObj).flatMap((c) => {
      const category = str(pick(c, ["category", "name", "type"])) ?? "other";
      const usd = num(pick(c, AMOUNT));
      return usd === undefined ? [] : [{ date, category, usd }];
    });
  }
  const usd = num(pick(d, AMOUNT));
  if (usd === undefined) {
    notes.push(`the usage entry of ${date} has no amount`);
    return [];
  }
  return [{ date, category: str(pick(d, ["category", "name", "type", "service"])) ?? "other", usd }];
}

export interface Usage {
  rows: UsageRow[];
  /** The total Theta states, when it states one (the chart uses the sum of the rows). */
  reportedTotalUsd?: number | undefined;
  notes: string[];
}

export function readUsage(body: unknown): Usage {
  const notes: string[] = [];
  const o = isObj(body) ? body : {};
  const daily = listOf(
    isObj(body) ? (pick(o, ["daily", "daily_breakdown", "days", "usage"]) ?? body) : body,
    ["daily", "daily_breakdown", "days", "items"],
  );
  if (!daily.found) notes.push("the usage answer has no daily breakdown");
  const rows = daily.items.flatMap((d) => rowsOfDay(d, notes));
  const totals = pick(o, ["totals", "total", "total_usd", "total_cost_usd"]);
  const reported = isObj(totals) ? num(pick(totals, AMOUNT)) : num(totals);
  return { rows, reportedTotalUsd: reported, notes: [...new Set(notes)] };
}

export interface TopUp {
  id?: string | undefined;
  date?: string | undefined;
  amountUsd?: number | undefined;
  status?: string | undefined;
  raw: Raw;
}

export function readTopUps(body: unknown): { topUps: TopUp[]; total?: number | undefined; notes: string[] } {
  const notes: string[] = [];
  const list = listOf(body, ["top_ups", "topups", "records", "items", "transactions"]);
  if (!list.found) notes.push("the top-ups answer has no list of records");
  const topUps = list.items.map((t) => {
    const amountUsd = num(pick(t, AMOUNT));
    if (amountUsd === undefined) notes.push("a top-up lists no amount");
    return {
      id: str(pick(t, ["id", "top_up_id", "transaction_id"])),
      date: str(pick(t, ["created_at", "create_time", "date", "time", "timestamp"])),
      amountUsd,
      status: str(pick(t, ["status", "state"])),
      raw: t,
    };
  });
  const total = isObj(body) ? num(pick(body, ["total_count", "total", "count"])) : undefined;
  return { topUps, total, notes: [...new Set(notes)] };
}

/** Pricing as flat `path → value` lines (its shape is unknown: everything is shown). */
export function flattenPricing(
  body: unknown,
  prefix = "",
  out: Array<[string, string]> = [],
): Array<[string, string]> {
  if (out.length >= 60) return out;
  if (Array.isArray(body)) {
    body.forEach((v, i) => {
      const name = isObj(v) ? (str(pick(v, ["name", "id", "service", "model"])) ?? String(i)) : String(i);
      flattenPricing(v, prefix ? `${prefix}.${name}` : name, out);
    });
  } else if (isObj(body)) {
    for (const [k, v] of Object.entries(body)) {
      if (["name", "id"].includes(k) && prefix) continue;
      flattenPricing(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (body !== undefined && body !== null) {
    out.push([prefix || "value", String(body)]);
  }
  return out;
}
