/** The chat-style question set and its fixed development/test split (see README.md beside this file). */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export type Group = "answerable" | "ontopic" | "offtopic";
export type Half = "dev" | "test";

export interface Question {
  q: string;
  group: Group;
  half: Half;
  /** For answerable questions: acceptable [doc file, section] pairs. */
  expect: Array<{ doc: string; section: string }>;
}

const read = (name: string): unknown[] =>
  JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), "utf8")) as unknown[];

/** Fixed before any tuning: the first byte of sha256(question) decides the half. */
export const halfOf = (q: string): Half =>
  createHash("sha256").update(q).digest()[0]! % 2 === 0 ? "dev" : "test";

/** Cross-validation fold inside the development half: the second byte of the same hash. */
export const foldOf = (q: string): 0 | 1 => (createHash("sha256").update(q).digest()[1]! % 2) as 0 | 1;

export function loadQuestions(): Question[] {
  const out: Question[] = [];
  for (const row of read("answerable") as string[][]) {
    const [q, ...targets] = row as [string, ...string[]];
    const expect = targets.map((t) => {
      const i = t.indexOf("#");
      return { doc: t.slice(0, i).split("/").at(-1)!, section: t.slice(i + 1) };
    });
    out.push({ q, group: "answerable", half: halfOf(q), expect });
  }
  for (const group of ["ontopic", "offtopic"] as const) {
    for (const q of read(group) as string[]) out.push({ q, group, half: halfOf(q), expect: [] });
  }
  return out;
}
