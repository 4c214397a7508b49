// @ts-nocheck
import type Database from "better-sqlite3";
import { typeError, WRONG_KIND } from "./state-store.js";

export type Kind = "string" | "hash" | "zset";
export interface Row {
  type: Kind;
  value: string | null;
  expires_at: number | null;
}

/**
 * The prepared statements of one connection and the row-level steps the store composes inside its
 * transactions. Keys here are namespaced; `name` is the caller's key, for error messages.
 */
export class Rows {
  readonly entry: Database.Statement<[string], Row>;
  readonly liveEntry: Database.Statement<[string, number], Row>;
  readonly deleteEntry: Database.Statement<[string]>;
  readonly upsertString: Database.Statement<[string, string, number | null]>;
  readonly insertKind: Database.Statement<[string, Kind]>;
  readonly setExpiry: Database.Statement<[number, string]>;
  readonly field: Database.Statement<[string, string], { value: string }>;
  readonly fields: Database.Statement<[string], { field: string; value: string }>;
  readonly upsertField: Database.Statement<[string, string, string]>;
  readonly deleteField: Database.Statement<[string, string]>;
  readonly anyField: Database.Statement<[string], { one: number }>;
  readonly deleteFields: Database.Statement<[string]>;
  readonly member: Database.Statement<[string, string], { score: number }>;
  readonly upsertMember: Database.Statement<[string, string, number]>;
  readonly deleteMember: Database.Statement<[string, string]>;
  readonly deleteMembersByScore: Database.Statement<[string, number, number]>;
  readonly countMembers: Database.Statement<[string], { n: number }>;
  readonly anyMember: Database.Statement<[string], { one: number }>;
  readonly deleteMembers: Database.Statement<[string]>;
  readonly expiredKeys: Database.Statement<[number, number], { key: string; type: Kind }>;

  constructor(db: Database.Database) {
    const live = "(expires_at IS NULL OR expires_at > ?)";
    this.entry = db.prepare("SELECT type, value, expires_at FROM entries WHERE key = ?");
    this.liveEntry = db.prepare(`SELECT type, value, expires_at FROM entries WHERE key = ? AND ${live}`);
    this.deleteEntry = db.prepare("DELETE FROM entries WHERE key = ?");
    this.upsertString = db.prepare(
      `INSERT INTO entries (key, type, value, expires_at) VALUES (?, 'string', ?, ?)
       ON CONFLICT (key) DO UPDATE SET type = 'string', value = excluded.value, expires_at = excluded.expires_at`,
    );
    this.insertKind = db.prepare(
      "INSERT INTO entries (key, type, value, expires_at) VALUES (?, ?, NULL, NULL)",
    );
    this.setExpiry = db.prepare("UPDATE entries SET expires_at = ? WHERE key = ?");
    this.field = db.prepare("SELECT value FROM hash_fields WHERE key = ? AND field = ?");
    this.fields = db.prepare("SELECT field, value FROM hash_fields WHERE key = ?");
    this.upsertField = db.prepare(
      `INSERT INTO hash_fields (key, field, value) VALUES (?, ?, ?)
       ON CONFLICT (key, field) DO UPDATE SET value = excluded.value`,
    );
    this.deleteField = db.prepare("DELETE FROM hash_fields WHERE key = ? AND field = ?");
    this.anyField = db.prepare("SELECT 1 AS one FROM hash_fields WHERE key = ? LIMIT 1");
    this.deleteFields = db.prepare("DELETE FROM hash_fields WHERE key = ?");
    this.member = db.prepare("SELECT score FROM zset_members WHERE key = ? AND member = ?");
    this.upsertMember = db.prepare(
      `INSERT INTO zset_members (key, member, score) VALUES (?, ?, ?)
       ON CONFLICT (key, member) DO UPDATE SET score = excluded.score`,
    );
    this.deleteMember = db.prepare("DELETE FROM zset_members WHERE key = ? AND member = ?");
    this.deleteMembersByScore = db.prepare(
      "DELETE FROM zset_members WHERE key = ? AND score >= ? AND score <= ?",
    );
    this.countMembers = db.prepare("SELECT count(*) AS n FROM zset_members WHERE key = ?");
    this.anyMember = db.prepare("SELECT 1 AS one FROM zset_members WHERE key = ? LIMIT 1");
    this.deleteMembers = db.prepare("DELETE FROM zset_members WHERE key = ?");
    this.expiredKeys = db.prepare(
      "SELECT key, type FROM entries WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?",
    );
  }

  /** Deletes a key with its fields or members. */
  drop(key: string, type: Kind): void {
    this.deleteEntry.run(key);
    if (type === "hash") this.deleteFields.run(key);
    else if (type === "zset") this.deleteMembers.run(key);
  }

  /** The live row under `key` inside a write transaction; an expired one is dropped on the way. */
  live(key: string, now: number): Row | undefined {
    const row = this.entry.get(key);
    if (row && row.expires_at !== null && row.expires_at <= now) {
      this.drop(key, row.type);
      return undefined;
    }
    return row;
  }

  /** `row` when it is of `kind` (or absent); a store_type_error naming `name` otherwise. */
  expect(row: Row | undefined, kind: Kind, name: string): Row | undefined {
    if (row && row.type !== kind) throw typeError(name, WRONG_KIND);
    return row;
  }

  /** The live row of `kind`, created empty (no expiry) when absent: for hashes and sorted sets. */
  ensure(key: string, kind: Kind, name: string, now: number): void {
    if (!this.expect(this.live(key, now), kind, name)) this.insertKind.run(key, kind);
  }

  /** Removes the key of a hash or sorted set left without fields or members (Redis semantics). */
  dropIfEmpty(key: string, kind: "hash" | "zset"): void {
    const left = kind === "hash" ? this.anyField.get(key) : this.anyMember.get(key);
    if (!left) this.deleteEntry.run(key);
  }
}
