import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/service";
import { purgeOldUsage } from "@/lib/maintenance";
import { makeMerchant } from "../support/fixtures";

describe("usage retention", () => {
  it("drops usage older than 90 days and IPs unseen for 180 days, keeping the rest", async () => {
    const { actors } = await makeMerchant();
    const { key } = await createApiKey(actors.owner, { name: "Old", type: "secret", environment: "test" }, "response");
    const at = new Date("2030-06-01T00:00:00Z");
    const daysAgo = (d: number) => new Date(at.getTime() - d * 86_400_000);
    await db.apiKeyUsage.createMany({
      data: [
        { keyId: key.id, hour: daysAgo(91), count: 5 },
        { keyId: key.id, hour: daysAgo(10), count: 7 },
      ],
    });
    await db.apiKeySeenIp.createMany({
      data: [
        { keyId: key.id, ip: "192.0.2.1", firstSeenAt: daysAgo(400), lastSeenAt: daysAgo(181), count: 1 },
        { keyId: key.id, ip: "192.0.2.2", firstSeenAt: daysAgo(400), lastSeenAt: daysAgo(5), count: 1 },
      ],
    });
    // Other tests may share this database (PostgreSQL runs): count at least this key's two old rows.
    expect(await purgeOldUsage(at)).toBeGreaterThanOrEqual(2);
    expect((await db.apiKeyUsage.findMany({ where: { keyId: key.id } })).map((u) => u.count)).toEqual([7]);
    expect((await db.apiKeySeenIp.findMany({ where: { keyId: key.id } })).map((s) => s.ip)).toEqual(["192.0.2.2"]);
  });
});
