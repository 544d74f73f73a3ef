import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";

/**
 * "Find own or 404", shared by every merchant-owned table. An object of
 * another merchant, or (for an API key) of the other environment, does not
 * exist for the caller: the same 404 as an unknown id, so ids cannot be probed.
 */
export function ownWhere(actor: Actor, id: string): { id: string; merchantId: string; environment?: string } {
  return { id, merchantId: actor.merchantId, ...(actor.kind === "api_key" ? { environment: actor.environment } : {}) };
}

/** A malformed id names nothing: answered as an unknown one. */
export function parseOwnId(schema: z.ZodType<string>, id: unknown, what: string): string {
  const result = schema.safeParse(id);
  if (!result.success) throw notFound(`No such ${what}`);
  return result.data;
}

export function foundOr404<T>(row: T | null, what: string): T {
  if (row === null) throw notFound(`No such ${what}`);
  return row;
}
