import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { authorize, findOwnKey, parseKeyId } from "./access";
import { keyTarget } from "./policy";
import { toView, type ApiKeyView } from "./view";

export async function getApiKey(actor: Actor, id: string): Promise<ApiKeyView> {
  const row = await findOwnKey(db, actor, parseKeyId(id));
  authorize(actor, "read", keyTarget(row));
  return toView(row, now(), actor);
}
