import { decodeJsonObject } from "@/lib/db/json-columns";

/** outbox_events.data: the event's object (what webhooks send as `data`), a JSON object. */
export function decodeEventData(stored: string): Record<string, unknown> {
  return decodeJsonObject(stored);
}
