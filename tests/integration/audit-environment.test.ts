/**
 * Each audit event records the environment of what it is about (a key, an
 * application, a provider credential), derived in the same transaction;
 * merchant-wide events (team) have none. The API's audit log relies on it.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/service";
import { createApplication } from "@/lib/applications/service";
import { addCredential } from "@/lib/credentials/service";
import { inviteMember } from "@/lib/team/service";
import { makeMerchant } from "../support/fixtures";

async function environmentOf(merchantId: string, action: string, targetId?: string) {
  const rows = await db.auditEvent.findMany({ where: { merchantId, action, ...(targetId ? { targetId } : {}) } });
  expect(rows, action).toHaveLength(1);
  return rows[0]!.environment;
}

describe("audit event environments", () => {
  it("come from the target: keys, applications and their credentials; team events have none", async () => {
    const { merchant, actors } = await makeMerchant("Audit environments");
    const live = await createApiKey(actors.owner, { name: "Live", type: "secret", environment: "live" }, "response");
    const test = await createApiKey(actors.owner, { name: "Test", type: "secret", environment: "test" }, "response");
    expect(await environmentOf(merchant.id, "api_key.created", live.key.id)).toBe("live");
    expect(await environmentOf(merchant.id, "api_key.created", test.key.id)).toBe("test");

    const app = await createApplication(actors.owner, { name: "Checkout", environment: "live" });
    expect(await environmentOf(merchant.id, "application.created", app.id)).toBe("live");
    const credential = await addCredential(actors.owner, app.id, "stripe", { apiKey: "sk_live_51H8x2mQ9vL4sT8wN1cR6yH3jF5gD0aZe" });
    const credentialEvent = await db.auditEvent.findFirstOrThrow({ where: { merchantId: merchant.id, targetId: credential.id } });
    expect(credentialEvent.environment).toBe("live");

    await inviteMember(actors.owner, { email: "someone@example.test", role: "viewer" });
    expect(await environmentOf(merchant.id, "team.invite_created")).toBeNull();
  });
});
