import "server-only";
import { db } from "@/lib/db";
import { writeBehind } from "@/lib/buffer/write-behind";

/**
 * Requests refused by a key's IP allowlist, recorded off the request path:
 * buffered per key and written about once a second as one update per key
 * (last denied time and IP, count incremented by the batch). A flood of
 * refused requests costs a write per key per second, not per request.
 */
type PendingDenial = { at: Date; ip: string | null; count: number };

const buffer = writeBehind<PendingDenial>({
  name: "key-denials",
  failure: "could not record refused key uses",
  write: (batch) =>
    db.$transaction(async (tx) => {
      for (const [keyId, d] of batch) {
        await tx.apiKey.updateMany({
          where: { id: keyId },
          data: { lastDeniedAt: d.at, lastDeniedIp: d.ip, deniedCount: { increment: d.count } },
        });
      }
    }),
  combine: (failed, newer) => ({ ...newer, count: failed.count + newer.count }),
});

export function recordKeyDenial(keyId: string, ip: string | null, at = new Date()): void {
  buffer.update(keyId, (entry) => ({ at, ip, count: (entry?.count ?? 0) + 1 }));
}

/** Writes buffered denials now; concurrent calls share one flush. */
export const flushKeyDenials = buffer.flush;
