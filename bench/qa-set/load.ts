/** The chat-style question set and its fixed development/test split (see README.md beside this file). */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export type Group = "answerable" | "ontopic" | "offtopic";
/** dev/test: halves of this set; heldout: a separately written set (EVAL_SET), never tuned on. */
export type Half = "dev" | "test" | "heldout";

export interface Question {
  q: string;
  group: Group;
  half: Half;
  /** For answerable questions: acceptable [doc file, section] pairs. */
  expect: Array<{ doc: string; section: string }>;
}

const read = (name: string, dir: string | URL): unknown[] =>
  JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8")) as unknown[];

/**
 * The tuning set's batches: the first, written before the retrieval was rebuilt; the second and
 * third, each written as a held-out set (without seeing the code) and folded in once a newer
 * held-out set replaced it (batch-2 on 2026-12-02 for bench/qa-set-heldout2, which became batch-3
 * later that day for bench/qa-set-heldout3, batch-4 for bench/qa-set-heldout4, batch-5 for
 * bench/qa-set-heldout5, batch-6 for bench/qa-set-heldout6, and batch-7, the former heldout6, on
 * 2026-12-03 for bench/qa-set-heldout7, and batch-8, the former heldout7, later that day for
 * bench/qa-set-heldout8).
 */
const BATCHES = [
  "./",
  "./batch-2/",
  "./batch-3/",
  "./batch-4/",
  "./batch-5/",
  "./batch-6/",
  "./batch-7/",
  "./batch-8/",
].map((b) => new URL(b, import.meta.url));

/** Fixed before any tuning: the first byte of sha256(question) decides the half. */
export const halfOf = (q: string): Half =>
  createHash("sha256").update(q).digest()[0]! % 2 === 0 ? "dev" : "test";

/** Cross-validation fold inside the development half: the second byte of the same hash. */
export const foldOf = (q: string): 0 | 1 => (createHash("sha256").update(q).digest()[1]! % 2) as 0 | 1;

/** This set's batches, split dev/test; or, given a directory of the same three files, that set whole as "heldout". */
export function loadQuestions(dir?: string): Question[] {
  if (!dir) return BATCHES.flatMap((b) => loadDir(b, halfOf));
  return loadDir(pathToFileURL(`${dir.replace(/\/$/, "")}/`), () => "heldout");
}

function loadDir(dir: URL, half: (q: string) => Half): Question[] {
  const out: Question[] = [];
  for (const row of read("answerable", dir) as string[][]) {
    const [q, ...targets] = row as [string, ...string[]];
    const expect = targets.map((t) => {
      const i = t.indexOf("#");
      return { doc: t.slice(0, i).split("/").at(-1)!, section: t.slice(i + 1) };
    });
    out.push({ q, group: "answerable", half: half(q), expect });
  }
  for (const group of ["ontopic", "offtopic"] as const) {
    for (const q of read(group, dir) as string[]) out.push({ q, group, half: half(q), expect: [] });
  }
  return out;
}
