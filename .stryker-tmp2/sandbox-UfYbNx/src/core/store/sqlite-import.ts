// @ts-nocheck
import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { parseLegacyState } from "./embedded-data.js";
import { storeError } from "./state-store.js";

const IMPORTED = "state_json_imported";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** An older theta-bot still holding `state.lock` keeps writing state.json: importing now would lose its writes. */
function refuseWhileOldStoreRuns(dataDir: string): void {
  const lock = join(dataDir, "state.lock");
  let pid = Number.NaN;
  try {
    pid = Number.parseInt(readFileSync(lock, "utf8").trim(), 10);
  } catch {
    return;
  }
  if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
    throw storeError(
      "store_locked",
      `The data dir ${dataDir} is still used by an older theta-bot (pid ${pid}) that keeps its state in state.json. Stop it, then start again: its state is then moved into ${join(dataDir, "state.db")}.`,
      { details: { dataDir, pid } },
    );
  }
}

function readLegacy(file: string): ReturnType<typeof parseLegacyState> {
  try {
    return parseLegacyState(readFileSync(file, "utf8"));
  } catch (err) {
    const why = err instanceof SyntaxError ? "not JSON" : "unexpected shape";
    throw storeError(
      "store_corrupt",
      `The old state file ${file} is corrupt (${why}) and cannot be moved into the database. Move it aside (e.g. mv ${file} ${file}.corrupt) and restart to begin empty, or restore it from a backup.`,
      { details: { file }, cause: err },
    );
  }
}

/** Renames state.json out of the way (to state.json.migrated, or with a time suffix when that exists). */
function retire(file: string): void {
  const target = existsSync(`${file}.migrated`) ? `${file}.migrated-${Date.now()}` : `${file}.migrated`;
  try {
    renameSync(file, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // another process renamed it first
  }
}

/**
 * Moves a legacy `<dataDir>/state.json` into the database, once: in one write transaction marked in
 * `meta`, so that two processes starting together import it once and a crash before the rename
 * never imports it twice. Keys already in the database win; entries that expired are dropped. The
 * file is then renamed to state.json.migrated; the old lock and temp files are removed.
 * Resolves to how many keys were imported (0 when there was nothing to do).
 */
export function importLegacyState(db: Database.Database, dataDir: string): number {
  const file = join(dataDir, "state.json");
  if (!existsSync(file)) return 0;
  refuseWhileOldStoreRuns(dataDir);
  const entries = readLegacy(file);
  const now = Date.now();
  const insertEntry = db.prepare(
    "INSERT OR IGNORE INTO entries (key, type, value, expires_at) VALUES (?, ?, ?, ?)",
  );
  const insertField = db.prepare("INSERT INTO hash_fields (key, field, value) VALUES (?, ?, ?)");
  const imported = db
    .transaction(() => {
      if (db.prepare("SELECT 1 FROM meta WHERE name = ?").get(IMPORTED)) return 0;
      let count = 0;
      for (const [key, e] of Object.entries(entries)) {
        if (e.expiresAt !== undefined && e.expiresAt <= now) continue;
        const fields = e.type === "hash" ? Object.entries(e.value) : [];
        if (e.type === "hash" && fields.length === 0) continue;
        const value = e.type === "string" ? e.value : null;
        if (insertEntry.run(key, e.type, value, e.expiresAt ?? null).changes === 0) continue;
        for (const [field, v] of fields) insertField.run(key, field, v);
        count++;
      }
      db.prepare("INSERT INTO meta (name, value) VALUES (?, ?)").run(IMPORTED, new Date(now).toISOString());
      return count;
    })
    .immediate();
  retire(file);
  for (const name of readdirSync(dataDir)) {
    if (name === "state.lock" || name.startsWith("state.json.tmp-")) {
      try {
        unlinkSync(join(dataDir, name));
      } catch {
        // best effort: leftovers of the old file store
      }
    }
  }
  return imported;
}
