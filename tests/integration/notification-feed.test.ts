/**
 * One dismissal for the dashboard and the API: a notification dismissed by
 * an API key is gone from the keys page's suggestions, and the other way
 * round; each dismissal is audited once.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/service";
import { getKeyInsights } from "@/lib/api-keys/insights";
import type { ApiKeyActor } from "@/lib/auth/actor";
import { dismissNotifications, listNotifications, withoutDismissed } from "@/lib/notifications/feed";
import { makeMerchant } from "../support/fixtures";

const DAY = 86_400_000;

describe("notification dismissals", () => {
  it("are shared by the keys page and the API", async () => {
    const m = await makeMerchant("Feed merchant", ["owner", "viewer"]);
    const owner = m.actors.owner;
    const soon = async (name: string, days: number) =>
      (await createApiKey(owner, { name, type: "secret", environment: "test", expiresAt: new Date(Date.now() + days * DAY) }, "response")).key;
    const a = await soon("First", 2);
    const b = await soon("Second", 3);
    const script: ApiKeyActor = {
      kind: "api_key",
      keyId: a.id,
      label: "First",
      merchantId: m.merchant.id,
      keyType: "secret",
      environment: "test",
      scopes: ["api_keys:write"],
    };

    const listed = await listNotifications(script);
    const noteA = listed.items.find((n) => n.key.id === a.id)!;
    const noteB = listed.items.find((n) => n.key.id === b.id)!;
    expect(noteA.type).toBe("api_key.expiring");

    // Dismissed through the API: the page no longer shows it, and counts one key fewer.
    await dismissNotifications(script, undefined, { ids: [noteA.id] });
    const page = await withoutDismissed(owner, await getKeyInsights(owner, "test"));
    expect(page.insights.expiringSoon.keys.map((k) => k.id)).toEqual([b.id]);
    expect(page.insights.expiringSoon.total).toBe(1);
    expect(page.ids).toEqual([noteB.id]);

    // Dismissed from the page: the API no longer lists it.
    await dismissNotifications(owner, "test", { ids: page.ids });
    expect((await listNotifications(script)).items).toEqual([]);
    expect(await db.auditEvent.count({ where: { merchantId: m.merchant.id, action: "notification.dismissed" } })).toBe(2);

    // A viewer may not hide the team's alerts; an id of nothing is not found.
    await expect(dismissNotifications(m.actors.viewer, "test", { ids: [noteA.id] })).rejects.toMatchObject({ code: "forbidden" });
    await expect(dismissNotifications(owner, "live", { ids: [noteA.id] })).rejects.toMatchObject({ code: "not_found" });
  });
});
