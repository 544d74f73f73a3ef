import "server-only";
import { databaseKind, databaseUrl, sqliteFilePath } from "@/lib/db/url";

/**
 * The key lookup on the request path, below the ORM: one prepared statement
 * on the unique secretHash index, on a connection of its own. Every request
 * reads the row afresh, so a revoked, disabled, expired or rolled key is
 * refused by every server from the moment its change commits; there is no
 * cache to invalidate. Times come back as epoch milliseconds.
 */
export type KeyRow = {
  id: string;
  merchantId: string;
  type: string;
  environment: string;
  /** JSON array of scopes, as stored. */
  permissions: string;
  prefix: string;
  secretHash: string;
  hashVersion: string;
  revokedAt: number | null;
  disabledAt: number | null;
  expiresAt: number | null;
  allowedIps: string | null;
};

type Lookup = { url: string; find(hash: string): Promise<KeyRow | null> | KeyRow | null; close(): Promise<void> };

const COLUMNS = `"id", "merchantId", "type", "environment", "permissions", "prefix", "secretHash", "hashVersion"`;

/** SQLite stores times as ISO text through Prisma's adapter (or epoch numbers if configured so). */
function sqliteTime(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  const text = String(value);
  // SQLite's own CURRENT_TIMESTAMP has no zone: it is UTC.
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

async function sqliteLookup(url: string): Promise<Lookup> {
  const { default: Database } = await import("better-sqlite3");
  const conn = new Database(sqliteFilePath(url), { fileMustExist: true, timeout: 10_000 });
  const stmt = conn.prepare(
    `SELECT ${COLUMNS}, "revokedAt", "disabledAt", "expiresAt", "allowedIps" FROM "ApiKey" WHERE "secretHash" = ?`,
  );
  type Raw = Omit<KeyRow, "revokedAt" | "disabledAt" | "expiresAt"> & Record<"revokedAt" | "disabledAt" | "expiresAt", unknown>;
  return {
    url,
    find(hash) {
      const raw = stmt.get(hash) as Raw | undefined;
      if (!raw) return null;
      return { ...raw, revokedAt: sqliteTime(raw.revokedAt), disabledAt: sqliteTime(raw.disabledAt), expiresAt: sqliteTime(raw.expiresAt) };
    },
    async close() {
      conn.close();
    },
  };
}

async function postgresLookup(url: string): Promise<Lookup> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 8, allowExitOnIdle: true });
  // The columns are "timestamp without time zone" holding UTC: the epoch of the nominal time is the instant.
  const epoch = (c: string) => `(extract(epoch from "${c}") * 1000)::float8 AS "${c}"`;
  const text = `SELECT ${COLUMNS}, ${epoch("revokedAt")}, ${epoch("disabledAt")}, ${epoch("expiresAt")}, "allowedIps" FROM "ApiKey" WHERE "secretHash" = $1`;
  return {
    url,
    async find(hash) {
      const result = await pool.query<KeyRow>({ name: "keyward_key_by_hash", text, values: [hash] });
      return result.rows[0] ?? null;
    },
    close: () => pool.end(),
  };
}

// One lookup per process (route bundles and the gateway share it), reopened if DATABASE_URL changes.
type State = { ready: Lookup | null; opening: Promise<Lookup> | null };
const g = globalThis as unknown as { keywardKeyLookup?: State };
const state: State = (g.keywardKeyLookup ??= { ready: null, opening: null });

async function open(url: string): Promise<Lookup> {
  const stale = state.ready;
  state.ready = null;
  if (stale) void stale.close().catch(() => undefined);
  const opening = (state.opening ??= databaseKind(url) === "postgresql" ? postgresLookup(url) : sqliteLookup(url));
  try {
    const opened = await opening;
    if (opened.url === url) state.ready = opened;
    return opened;
  } finally {
    // A failed open is retried by the next request rather than remembered.
    if (state.opening === opening) state.opening = null;
  }
}

/** The key stored under this secret hash, or null. */
export async function findKeyByHash(hash: string): Promise<KeyRow | null> {
  const url = databaseUrl();
  let ready = state.ready;
  while (ready?.url !== url) ready = await open(url);
  return ready!.find(hash);
}

/** Closes the lookup's connection (for scripts and tests that exit). */
export async function closeKeyLookup(): Promise<void> {
  const current = state.ready;
  state.ready = null;
  if (current) await current.close();
}
