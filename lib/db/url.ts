import path from "node:path";

export type DatabaseKind = "sqlite" | "postgresql";

const projectRoot = process.cwd();

/** The database URL, defaulting to the embedded SQLite file under data/. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (url) return url;
  return `file:${path.join(/* turbopackIgnore: true */ projectRoot, "data", "keyward.db")}`;
}

export function databaseKind(url = databaseUrl()): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

/** Absolute path of a SQLite database file named by a file: URL. */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "").split("?")[0] ?? "";
  return path.isAbsolute(raw) ? raw : path.resolve(/* turbopackIgnore: true */ projectRoot, raw);
}
