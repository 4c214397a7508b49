import type Database from "better-sqlite3";
import type { Rows } from "./sqlite-rows.js";

/**
 * The embedded store's sorted sets: members in `zset_members`, read in score order through the
 * `zset_by_score` index. Each method runs inside the caller's transaction; `k` is namespaced,
 * `name` the caller's key for error messages. A sorted set's key goes with its last member.
 */
export class ZsetRows {
  private readonly member: Database.Statement<[string, string], { score: number }>;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly remove1: Database.Statement<[string, string]>;
  private readonly removeScores: Database.Statement<[string, number, number]>;
  private readonly count1: Database.Statement<[string], { n: number }>;
  private readonly ascending: Database.Statement<[string, number, number], { member: string }>;
  private readonly descending: Database.Statement<[string, number, number], { member: string }>;

  constructor(
    db: Database.Database,
    private readonly rows: Rows,
  ) {
    this.member = db.prepare("SELECT score FROM zset_members WHERE key = ? AND member = ?");
    this.upsert = db.prepare(
      `INSERT INTO zset_members (key, member, score) VALUES (?, ?, ?)
       ON CONFLICT (key, member) DO UPDATE SET score = excluded.score`,
    );
    this.remove1 = db.prepare("DELETE FROM zset_members WHERE key = ? AND member = ?");
    this.removeScores = db.prepare("DELETE FROM zset_members WHERE key = ? AND score >= ? AND score <= ?");
    this.count1 = db.prepare("SELECT count(*) AS n FROM zset_members WHERE key = ?");
    const select = "SELECT member FROM zset_members WHERE key = ? ORDER BY";
    this.ascending = db.prepare(`${select} score ASC, member ASC LIMIT ? OFFSET ?`);
    this.descending = db.prepare(`${select} score DESC, member DESC LIMIT ? OFFSET ?`);
  }

  /** Write: adds or rescores members; how many are new. */
  add(k: string, name: string, entries: Array<[string, number]>, now: number): number {
    this.rows.ensure(k, "zset", name, now);
    let added = 0;
    for (const [member, score] of entries) {
      if (!this.member.get(k, member)) added++;
      this.upsert.run(k, member, score);
    }
    return added;
  }

  /** Write: removes members; how many were there. */
  remove(k: string, name: string, members: string[], now: number): number {
    if (!this.rows.expect(this.rows.live(k, now), "zset", name)) return 0;
    let removed = 0;
    for (const member of new Set(members)) removed += this.remove1.run(k, member).changes;
    this.rows.dropIfEmpty(k, "zset");
    return removed;
  }

  /** Write: removes members with min <= score <= max. */
  removeByScore(k: string, name: string, min: number, max: number, now: number): number {
    if (!this.rows.expect(this.rows.live(k, now), "zset", name)) return 0;
    const removed = this.removeScores.run(k, min, max).changes;
    this.rows.dropIfEmpty(k, "zset");
    return removed;
  }

  /** Read: members in score order (limit -1 = all). */
  range(
    k: string,
    name: string,
    now: number,
    o: { reverse: boolean; offset: number; limit: number },
  ): string[] {
    if (!this.rows.expect(this.rows.liveEntry.get(k, now), "zset", name)) return [];
    const statement = o.reverse ? this.descending : this.ascending;
    return statement.all(k, o.limit, o.offset).map((r) => r.member);
  }

  /** Read: one member's score. */
  score(k: string, name: string, member: string, now: number): number | null {
    if (!this.rows.expect(this.rows.liveEntry.get(k, now), "zset", name)) return null;
    return this.member.get(k, member)?.score ?? null;
  }

  /** Read: the number of members. */
  count(k: string, name: string, now: number): number {
    if (!this.rows.expect(this.rows.liveEntry.get(k, now), "zset", name)) return 0;
    return this.count1.get(k)?.n ?? 0;
  }
}
