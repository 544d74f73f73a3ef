import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { ServiceError, forbidden, notFound, zodFieldErrors } from "@/lib/errors";
import { KEY_STATUSES, keyIdSchema } from "@/lib/validations/api-key";
import { ENVIRONMENTS, KEY_TYPES, type Environment } from "./format";
import { canDoKeyOperation } from "./policy";
import { toView, type ApiKeyView } from "./service";
import { statusWhere } from "./status";

export const keyCursorQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    /** Id of the last key of the previous page (keys are newest first). */
    startingAfter: keyIdSchema.optional(),
    environment: z.enum(ENVIRONMENTS).optional(),
    status: z.enum(KEY_STATUSES).optional(),
    type: z.enum(KEY_TYPES).optional(),
  })
  .strict();
export type KeyCursorQuery = z.input<typeof keyCursorQuerySchema>;

export type KeyCursorPage = { items: ApiKeyView[]; hasMore: boolean; nextCursor: string | null };

/**
 * The merchant's keys, newest first, with cursor pagination. An API key sees
 * only its own environment (as in the service); a member sees both unless
 * filtered. Who may read is decided by the service's canDoKeyOperation.
 */
export async function listApiKeysByCursor(actor: Actor, query: unknown): Promise<KeyCursorPage> {
  const parsed = keyCursorQuerySchema.safeParse(query ?? {});
  if (!parsed.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(parsed.error.issues));
  const q = parsed.data;
  const environments: Environment[] = q.environment
    ? [q.environment]
    : actor.kind === "api_key"
      ? [actor.environment]
      : [...ENVIRONMENTS];
  for (const environment of environments) {
    if (!canDoKeyOperation(actor, "read", environment)) {
      throw forbidden(
        actor.kind === "api_key" ? `This API key can only list ${actor.environment} keys` : "You cannot list these keys",
      );
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
    where: {
      merchantId: actor.merchantId,
      environment: { in: environments },
      ...(q.type ? { type: q.type } : {}),
      AND: [
        ...(q.status ? [statusWhere(q.status, at)] : []),
        ...(cursor
          ? [{ OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }]
          : []),
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const hasMore = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map((r) => toView(r, at));
  return { items, hasMore, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}
