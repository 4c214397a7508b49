// @ts-nocheck
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { BotError } from "../errors.js";
import { storeError } from "./state-store.js";

/** How long a call waits for another process's write transaction before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
export const DB_FILE = "state.db";
const SCHEMA_VERSION = 1;

/**
 * One row per key in `entries` (its kind and expiry); a string's value inline, a hash's fields in
 * `hash_fields`, a sorted set's members in `zset_members`. Keys are namespaced. The primary keys
 * serve point reads and prefix ranges; `entries_expiry` the sweep; `zset_by_score` ordered reads.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  key TEXT PRIMARY KEY NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('string', 'hash', 'zset')),
  value TEXT,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_expiry ON entries (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS hash_fields (
  key TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (key, field)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS zset_members (
  key TEXT NOT NULL,
  member TEXT NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (key, member)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS zset_by_score ON zset_members (key, score, member);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
`;

function sqliteCode(err: unknown): string | undefined {
  return err instanceof Database.SqliteError ? err.code : undefined;
}

/** Maps a better-sqlite3 failure to a BotError naming the database file (never a value). */
export function mapSqliteError(err: unknown, file: string): BotError {
  if (err instanceof BotError) return err;
  const code = sqliteCode(err) ?? (err as NodeJS.ErrnoException | undefined)?.code ?? "";
  const reason = err instanceof Error ? err.message : String(err);
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return storeError(
      "store_unavailable",
      `The state database ${file} stayed locked by another process; try again shortly.`,
      { retriable: true, details: { file }, cause: err },
    );
  }
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    return storeError(
      "store_corrupt",
      `The state database ${file} is corrupt (${reason}). Move it aside (e.g. mv ${file} ${file}.corrupt, with its -wal and -shm files) and restart to begin empty, or restore it from a backup.`,
      { details: { file }, cause: err },
    );
  }
  if (code.startsWith("SQLITE_FULL")) {
    return storeError("store_write_failed", `Could not write the state database ${file}: disk full.`, {
      retriable: true,
      details: { file },
      cause: err,
    });
  }
  return storeError("store_io_error", `The state database ${file} failed: ${reason}`, {
    details: { file },
    cause: err,
  });
}

export interface OpenedDatabase {
  db: Database.Database;
  dataDir: string;
  file: string;
}

/**
 * Creates the data dir (recursively) and opens `<dataDir>/state.db` in WAL mode, so that several
 * processes share it: readers never block, writers queue behind one another for up to
 * `busyTimeoutMs`. synchronous=NORMAL: every commit survives a crash of the process; a power loss
 * may lose the last commits, never corrupt the file.
 */
export function openDatabase(dir: string, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS): OpenedDatabase {
  const dataDir = resolve(dir);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw storeError("store_io_error", `Cannot create the data dir ${dataDir}: ${code}.`, { cause: err });
  }
  const file = join(dataDir, DB_FILE);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: Math.max(0, Math.floor(busyTimeoutMs)) });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw storeError(
        "store_version_unsupported",
        `The state database ${file} was written by a newer theta-bot (schema ${version}); upgrade this one.`,
        { details: { file } },
      );
    }
    if (version < SCHEMA_VERSION) {
      const database = db;
      database
        .transaction(() => {
          database.exec(SCHEMA);
          database.pragma(`user_version = ${SCHEMA_VERSION}`);
        })
        .immediate();
    }
    return { db, dataDir, file };
  } catch (err) {
    db?.close();
    throw mapSqliteError(err, file);
  }
}
