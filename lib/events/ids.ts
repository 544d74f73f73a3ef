import { randomBase62 } from "@/lib/ids";

/** Ids of the webhook objects: msg_ (an event, sent as webhook-id), we_ (an endpoint), whd_ (a delivery), wha_ (an attempt). */
export function newEventObjectId(prefix: "msg" | "we" | "whd" | "wha"): string {
  return `${prefix}_${randomBase62(20)}`;
}
