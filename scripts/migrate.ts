/**
 * Offline migrations through Prisma's WebAssembly schema engine, so neither
 * the CLI's native engine nor a network download is needed.
 *
 *   tsx scripts/migrate.ts apply          apply pending migrations to DATABASE_URL
 *   tsx scripts/migrate.ts new <name>     write the next migration for both databases
 *   tsx scripts/migrate.ts check          fail if the schema has changes without a migration
 *
 * Each migration folder keeps a copy of the schema it leads to, so the next
 * migration is a diff from schema to schema (no shadow database needed).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseKind, databaseUrl, sqliteFilePath, type DatabaseKind } from "../lib/db/url";

const root = path.resolve(import.meta.dirname, "..");
const sqliteSchemaPath = path.join(root, "prisma", "schema.prisma");
const postgresSchemaPath = path.join(root, "prisma", "postgres", "schema.prisma");
const migrationsDir: Record<DatabaseKind, string> = {
  sqlite: path.join(root, "prisma", "migrations"),
  postgresql: path.join(root, "prisma", "postgres", "migrations"),
};
const filters = { externalTables: [], externalEnums: [] };

type Engine = {
  diff(p: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  applyMigrations(p: unknown): Promise<{ appliedMigrationNames: string[] }>;
  free(): void;
};

/** An engine plus the connections it opened, which free() alone leaves open (and locked). */
type OpenEngine = Engine & { close(): Promise<void> };

type EngineModule = {
  SchemaEngine: { new (...args: unknown[]): unknown } & {
    new: (options: unknown, log: (m: string) => void, adapter: unknown) => Promise<Engine>;
  };
};
let engineModule: Promise<EngineModule> | undefined;

/** Instantiates the engine's WebAssembly once per process (a second instance corrupts its memory). */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    // The engine reports Rust panics through this global; surface them as errors.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m: string) => console.error(`schema engine panic: ${m}`) };
    const bg = await import(pathToFileURL(path.join(pkgDir, "schema_engine_bg.js")).href);
    const bytes = readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg as EngineModule;
  })();
  return engineModule;
}

async function loadEngine(kind: DatabaseKind, url: string, schemaPath: string): Promise<OpenEngine> {
  const bg = await loadEngineModule();
  const factory =
    kind === "sqlite"
      ? new PrismaBetterSqlite3({ url: url === ":memory:" ? url : sqliteFilePath(url), timeout: 10_000 })
      : new PrismaPg({ connectionString: url });
  const log = (msg: string) => {
    if (process.env.MIGRATE_DEBUG) console.error(msg);
  };
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaPath, readFileSync(schemaPath, "utf8")]] },
    log,
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return Object.assign(engine, {
    close: async () => {
      engine.free();
      await Promise.all(opened.splice(0).map((a) => a.dispose().catch(() => undefined)));
    },
  });
}

function listMigrations(kind: DatabaseKind): string[] {
  const dir = migrationsDir[kind];
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export function derivePostgresSchema(sqliteSchema: string): string {
  return sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/generated\/sqlite"/, 'output       = "../../lib/generated/postgres"')
    .replace(/^\/\/ Source of truth[^\n]*\n(\/\/[^\n]*\n)*/m, "// Generated from prisma/schema.prisma by scripts/migrate.ts: do not edit.\n");
}

async function diffSql(kind: DatabaseKind, fromSchema: string | null, toSchema: string, toPath: string) {
  // The PostgreSQL engine connects even for a schema-to-schema diff; any
  // reachable server will do, nothing is written to it.
  const url =
    kind === "sqlite"
      ? ":memory:"
      : (process.env.MIGRATE_POSTGRES_URL ?? "postgresql://keyward:keyward@127.0.0.1:5432/postgres");
  const engine = await loadEngine(kind, url, toPath);
  try {
    const result = await engine.diff({
      from: fromSchema === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: toPath, content: fromSchema }] },
      to: { tag: "schemaDatamodel", files: [{ path: toPath, content: toSchema }] },
      script: true,
      exitCode: null,
      filters,
    });
    return result.stdout ?? "";
  } finally {
    await engine.close();
  }
}

function isEmptyMigration(sql: string) {
  return sql.replace(/--.*$/gm, "").trim() === "";
}

async function pendingDiff(kind: DatabaseKind) {
  const schemaPath = kind === "sqlite" ? sqliteSchemaPath : postgresSchemaPath;
  const schema = readFileSync(schemaPath, "utf8");
  const last = listMigrations(kind).at(-1);
  const previous = last ? readFileSync(path.join(migrationsDir[kind], last, "schema.prisma"), "utf8") : null;
  return { schema, sql: await diffSql(kind, previous, schema, schemaPath) };
}

async function newMigration(name: string) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("Migration name: lower-case letters, digits and _ only");
  mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
  writeFileSync(postgresSchemaPath, derivePostgresSchema(readFileSync(sqliteSchemaPath, "utf8")));
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const kind of ["sqlite", "postgresql"] as const) {
    const { schema, sql } = await pendingDiff(kind);
    if (isEmptyMigration(sql)) {
      console.log(`${kind}: no changes`);
      continue;
    }
    const dir = path.join(migrationsDir[kind], `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    writeFileSync(path.join(dir, "schema.prisma"), schema);
    writeFileSync(path.join(migrationsDir[kind], "migration_lock.toml"), `provider = "${kind}"\n`);
    console.log(`${kind}: wrote ${path.relative(root, dir)}`);
  }
}

/**
 * Fails when the PostgreSQL schema is not derived from the SQLite one, or
 * when either schema has changed since its last migration. Each migration
 * keeps the schema it leads to, so this is a text comparison: no database
 * or engine is needed.
 */
function check() {
  const derived = derivePostgresSchema(readFileSync(sqliteSchemaPath, "utf8"));
  if (!existsSync(postgresSchemaPath) || readFileSync(postgresSchemaPath, "utf8") !== derived) {
    throw new Error("prisma/postgres/schema.prisma is out of date: run npm run db:new-migration -- <name>");
  }
  for (const kind of ["sqlite", "postgresql"] as const) {
    const schemaPath = kind === "sqlite" ? sqliteSchemaPath : postgresSchemaPath;
    const last = listMigrations(kind).at(-1);
    const snapshot = last ? readFileSync(path.join(migrationsDir[kind], last, "schema.prisma"), "utf8") : null;
    if (snapshot !== readFileSync(schemaPath, "utf8")) {
      throw new Error(`${kind}: the schema has changed since the last migration: run npm run db:new-migration -- <name>`);
    }
  }
  console.log("migrations are up to date");
}

export async function applyMigrations(url = databaseUrl()) {
  const kind = databaseKind(url);
  if (kind === "sqlite") {
    const file = sqliteFilePath(url);
    mkdirSync(path.dirname(file), { recursive: true });
    // WAL is a property of the database file: set once, before the engine
    // takes its exclusive lock, and it persists for every later connection.
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.close();
  }
  // Instances starting together each run this: on PostgreSQL they queue on an
  // advisory lock, and each after the first finds nothing left to apply.
  const unlock = kind === "postgresql" ? await lockMigrations(url) : async () => {};
  try {
    return await applyPending(kind, url);
  } finally {
    await unlock();
  }
}

/** Takes the migration lock on its own connection; the returned function releases it (as does the connection ending). */
async function lockMigrations(url: string): Promise<() => Promise<void>> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SELECT pg_advisory_lock(hashtext('keyward:migrate'))");
  return async () => {
    await client.query("SELECT pg_advisory_unlock(hashtext('keyward:migrate'))").catch(() => undefined);
    await client.end();
  };
}

async function applyPending(kind: DatabaseKind, url: string) {
  const schemaPath = kind === "sqlite" ? sqliteSchemaPath : postgresSchemaPath;
  const engine = await loadEngine(kind, url, schemaPath);
  try {
    const names = listMigrations(kind);
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: migrationsDir[kind],
        lockfile: { path: "migration_lock.toml", content: `provider = "${kind}"\n` },
        shadowDbInitScript: "",
        migrationDirectories: names.map((name) => ({
          path: name,
          migrationFile: {
            path: "migration.sql",
            content: { tag: "ok", value: readFileSync(path.join(migrationsDir[kind], name, "migration.sql"), "utf8") },
          },
        })),
      },
      filters,
    });
    return result.appliedMigrationNames;
  } finally {
    await engine.close();
  }
}

async function main() {
  const [command, arg] = process.argv.slice(2);
  if (command === "apply") {
    const applied = await applyMigrations();
    console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
  } else if (command === "new" && arg) {
    await newMigration(arg);
  } else if (command === "check") {
    check();
  } else {
    console.error("usage: migrate.ts apply | new <name> | check");
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
