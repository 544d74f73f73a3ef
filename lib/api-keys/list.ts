import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { forbidden, notFound } from "@/lib/errors";
import { afterCursor, cursorPage, newestFirst, type CursorPage } from "@/lib/db/cursor";
import { keyCursorQuerySchema, listApiKeysSchema, type KeyCursorQuery, type KeyStatus, type ListApiKeysQuery } from "@/lib/validations/api-key";
import { parseInput } from "@/lib/validations/parse";
import { authorizeIn } from "./access";
import { ENVIRONMENTS, type Environment, type KeyType } from "./kinds";
import { canDoKeyOperation } from "./policy";
import { currentWhere, statusWhere } from "./status";
import { toView, type ApiKeyView } from "./view";

/** Which of the merchant's keys a list shows; "current" is every key not revoked or expired. */
type KeyFilter = { environments: Environment[]; type?: KeyType; status: "current" | "all" | KeyStatus; search?: string };

function keysWhere(actor: Actor, f: KeyFilter, at: Date) {
  return {
    merchantId: actor.merchantId,
    environment: { in: f.environments },
    ...(f.type ? { type: f.type } : {}),
    ...(f.search ? { searchText: { contains: f.search.toLowerCase() } } : {}),
    ...(f.status === "current" ? currentWhere(at) : f.status === "all" ? {} : statusWhere(f.status, at)),
  };
}

export type KeyPage = {
  items: ApiKeyView[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /** With the default "current" filter: how many revoked and expired keys it leaves out. */
  hidden: number;
  /**
   * Old secrets of rolled keys still in their grace period, shown under the
   * key that replaced them on this page rather than as rows of their own (and
   * so not counted in `total`), newest first.
   */
  nested: ApiKeyView[];
  /** For each of `nested`, the id of the key of `items` it is shown under. */
  nestedUnder: Record<string, string>;
};

/** The dashboard's view: one environment, numbered pages, newest first. */
export async function listApiKeys(actor: Actor, query: ListApiKeysQuery): Promise<KeyPage> {
  const q = parseInput(listApiKeysSchema, query ?? {});
  authorizeIn(actor, "read", q.environment);
  const at = now();
  const filter: KeyFilter = { environments: [q.environment], type: q.type, status: q.status, search: q.q };
  const matching = keysWhere(actor, filter, at);
  const { rows: inGrace, under } = await nestedUnderSuccessor(actor, matching, at);
  const where = inGrace.length ? { AND: [matching, { id: { notIn: inGrace.map((r) => r.id) } }] } : matching;
  const [total, rows, hidden] = await Promise.all([
    db.apiKey.count({ where }),
    db.apiKey.findMany({ where, orderBy: newestFirst(), skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    q.status === "current" ? countHidden(actor, filter, at) : 0,
  ]);
  // Only the old secrets whose successors lead to a key of this page.
  const onPage = new Set(rows.map((r) => r.id));
  const nested = inGrace.filter((r) => onPage.has(under.get(r.id)!));
  return {
    items: rows.map((r) => toView(r, at, actor)),
    total,
    page: q.page,
    pageSize: q.pageSize,
    pageCount: Math.max(1, Math.ceil(total / q.pageSize)),
    hidden,
    nested: nested.map((r) => toView(r, at, actor)),
    nestedUnder: Object.fromEntries(nested.map((r) => [r.id, under.get(r.id)!])),
  };
}

/**
 * How many revoked and expired keys the "current" filter leaves out. Without
 * a type or search filter this is one pass over the status index (merchant,
 * environment, revokedAt, createdAt, expiresAt), which holds every column the
 * count reads: Prisma's count selects `id`, which the index lacks, and SQLite
 * then reads every key's row (3–4 ms at 10,000 keys instead of under one).
 */
async function countHidden(actor: Actor, filter: KeyFilter, at: Date): Promise<number> {
  if (filter.type || filter.search) {
    const all = keysWhere(actor, { ...filter, status: "all" }, at);
    const [revoked, expired] = await Promise.all([
      db.apiKey.count({ where: { ...all, ...statusWhere("revoked", at) } }),
      db.apiKey.count({ where: { ...all, ...statusWhere("expired", at) } }),
    ]);
    return revoked + expired;
  }
  const [row] = await db.$queryRaw<{ hidden: bigint | number | null }[]>`
    SELECT SUM(CASE WHEN "revokedAt" IS NOT NULL OR "expiresAt" <= ${at} THEN 1 ELSE 0 END) AS "hidden"
    FROM "ApiKey" WHERE "merchantId" = ${actor.merchantId} AND "environment" IN (${Prisma.join(filter.environments)})`;
  return Number(row?.hidden ?? 0);
}

/** Old secrets nested at most: rolls within a grace period are few (beyond this, the rest are rows of their own). */
const MAX_NESTED = 500;
const byNewest = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** How far along a chain of rolls an old secret looks for the key it sits under. */
const MAX_CHAIN = 5;

/**
 * The keys the filter matches that are a roll's old secret still within its
 * grace period and that a later key of the same chain of rolls, matched by
 * the filter too, takes in: the list shows each under that key (`under`:
 * old secret's id → the listed key's id; keys in between that the filter
 * leaves out, e.g. a successor rolled again with no grace period, are
 * skipped). An old secret with no such key (say, only "expiring" keys are
 * asked for) stays a row of its own; after its grace period it is an
 * ordinary expired key.
 */
async function nestedUnderSuccessor(actor: Actor, matching: ReturnType<typeof keysWhere>, at: Date) {
  // No ORDER BY in SQL: with one, SQLite's planner may walk every key by creation
  // date instead of the status index's short range of keys in a grace period.
  const old = (
    await db.apiKey.findMany({
      where: { AND: [matching, statusWhere("expiring", at)] },
      take: MAX_NESTED,
    })
  ).sort(byNewest);
  const parent = new Map<string, string>();
  let pending = new Map(old.map((r) => [r.id, r.replacedById!]));
  for (let step = 0; step < MAX_CHAIN && pending.size > 0; step++) {
    const ids = [...new Set(pending.values())];
    const [listed, links] = await Promise.all([
      db.apiKey.findMany({ where: { AND: [matching, { id: { in: ids } }] }, select: { id: true } }),
      db.apiKey.findMany({ where: { merchantId: actor.merchantId, id: { in: ids } }, select: { id: true, replacedById: true } }),
    ]);
    const isListed = new Set(listed.map((r) => r.id));
    const next = new Map(links.map((r) => [r.id, r.replacedById]));
    const still = new Map<string, string>();
    for (const [oldId, candidate] of pending) {
      if (isListed.has(candidate)) parent.set(oldId, candidate);
      else if (next.get(candidate)) still.set(oldId, next.get(candidate)!);
    }
    pending = still;
  }
  // An old secret under another old secret is shown under the latter's key.
  const under = new Map<string, string>();
  for (const id of parent.keys()) {
    let top = parent.get(id)!;
    for (let hops = 0; parent.has(top) && hops < old.length; hops++) top = parent.get(top)!;
    under.set(id, top);
  }
  return { rows: old.filter((r) => under.has(r.id)), under };
}

export type KeyCursorPage = CursorPage<ApiKeyView>;

/**
 * The API's view: newest first, by cursor. An API key sees only its own
 * environment; a member sees both unless filtered.
 */
export async function listApiKeysByCursor(actor: Actor, query: KeyCursorQuery): Promise<KeyCursorPage> {
  const q = parseInput(keyCursorQuerySchema, query ?? {});
  const environments: Environment[] = q.environment ? [q.environment] : actor.kind === "api_key" ? [actor.environment] : [...ENVIRONMENTS];
  for (const environment of environments) {
    if (!canDoKeyOperation(actor, "read", environment)) {
      throw forbidden(actor.kind === "api_key" ? `This API key can only list ${actor.environment} keys` : "You cannot list these keys");
    }
  }
  const at = now();
  const cursor = q.startingAfter
    ? await db.apiKey.findFirst({
        where: { id: q.startingAfter, merchantId: actor.merchantId, environment: { in: environments } },
        select: { id: true, createdAt: true },
      })
    : null;
  if (q.startingAfter && !cursor) throw notFound("No such API key (starting_after)");
  const rows = await db.apiKey.findMany({
    where: { AND: [keysWhere(actor, { environments, type: q.type, status: q.status ?? "all" }, at), afterCursor(cursor)] },
    orderBy: newestFirst(),
    take: q.limit + 1,
  });
  return cursorPage(rows, q.limit, (r) => toView(r, at));
}
