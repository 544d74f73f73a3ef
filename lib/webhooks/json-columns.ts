import { decodeStringArray } from "@/lib/db/json-columns";
import { isEventType, type EventType } from "@/lib/events/types";

/** webhook_endpoints.event_types: the event types an endpoint subscribes to, a JSON array; names no longer sent are dropped. */
export function decodeEventTypes(stored: string): EventType[] {
  return decodeStringArray(stored).filter(isEventType);
}
