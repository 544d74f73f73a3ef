import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { randomBase62 } from "@/lib/ids";
import type { ApiKeyActor, UserActor } from "@/lib/auth/actor";
import {
  createApplication,
  creatableEnvironments,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from "@/lib/applications/service";
import { addCredential } from "@/lib/credentials/service";
import { makeMerchant } from "../support/fixtures";
import type { CreateApplicationInput, UpdateApplicationInput } from "@/lib/validations/application";

const stripeKey = (env: "test" | "live" = "test") => `sk_${env}_${randomBase62(32)}`;

function impersonating(actor: UserActor): UserActor {
  return {
    ...actor,
    impersonation: { id: "imp_x", staffUserId: "usr_staff", staffLabel: "Sam Support", reason: "Ticket 42", expiresAt: new Date(Date.now() + 3600_000) },
  };
}

function apiKeyActor(merchantId: string, environment: "test" | "live", scopes: string[]): ApiKeyActor {
  return { kind: "api_key", keyId: "key_00000000000000000000", label: `sk_${environment}_abcd`, merchantId, keyType: "restricted", environment, scopes };
}

// Each call sees a later time, so "newest first" never depends on two rows sharing a millisecond.
beforeEach(() => {
  let t = Date.now();
  setClock(() => new Date((t += 1000)));
});
afterEach(() => setClock(null));

describe("applications", () => {
  it("creates, renames and lists applications with their providers, newest first", async () => {
    const { actors } = await makeMerchant();
    const first = await createApplication(actors.owner, { name: "  Web shop ", description: "Main store", environment: "test" });
    expect(first).toMatchObject({ name: "Web shop", description: "Main store", environment: "test", providers: [] });
    const second = await createApplication(actors.admin, { name: "Point of sale", environment: "live" });
    await addCredential(actors.owner, second.id, "stripe", { apiKey: `sk_live_${randomBase62(28)}9999` });
    const renamed = await updateApplication(actors.owner, first.id, { name: "Online shop", description: null });
    expect(renamed).toMatchObject({ name: "Online shop", description: null });
    const page = await listApplications(actors.viewer);
    expect(page.items.map((a) => a.name)).toEqual(["Point of sale", "Online shop"]);
    expect(page.items[0]!.providers).toMatchObject([{ provider: "stripe", mask: "sk_live_…9999" }]);
    expect((await listApplications(actors.viewer, { environment: "test" })).items.map((a) => a.id)).toEqual([first.id]);
    const events = await db.auditEvent.findMany({ where: { merchantId: actors.owner.merchantId, targetId: first.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["application.created", "application.updated"]);
    expect(JSON.parse(events[1]!.changes)).toEqual({ name: ["Web shop", "Online shop"], description: ["Main store", null] });
  });

  it("pages with a cursor", async () => {
    const { actors } = await makeMerchant();
    for (let i = 0; i < 5; i++) await createApplication(actors.owner, { name: `App ${i}`, environment: "test" });
    const one = await listApplications(actors.owner, { limit: "2" });
    expect(one).toMatchObject({ hasMore: true });
    const two = await listApplications(actors.owner, { limit: 2, startingAfter: one.nextCursor! });
    const three = await listApplications(actors.owner, { limit: 2, startingAfter: two.nextCursor! });
    const names = [...one.items, ...two.items, ...three.items].map((a) => a.name);
    expect(names).toEqual(["App 4", "App 3", "App 2", "App 1", "App 0"]);
    expect(three.hasMore).toBe(false);
  });

  it("refuses invalid input with field messages and writes nothing", async () => {
    const { actors } = await makeMerchant();
    const bad: [unknown, string][] = [
      [{ name: "", environment: "test" }, "name"],
      [{ name: "x".repeat(101), environment: "test" }, "name"],
      [{ name: "ok", environment: "staging" }, "environment"],
      [{ name: "ok", environment: "test", description: "d".repeat(501) }, "description"],
      [{ name: "ok", environment: "test", owner: "me" }, "_"],
    ];
    for (const [input, field] of bad) {
      // Input a client may send: the service's own check is under test.
      const err = await createApplication(actors.owner, input as CreateApplicationInput).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "validation" });
      expect(Object.keys((err as { fieldErrors: object }).fieldErrors)).toContain(field);
    }
    const app = await createApplication(actors.owner, { name: "Fine", environment: "test" });
    await expect(updateApplication(actors.owner, app.id, { environment: "live" } as unknown as UpdateApplicationInput)).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { environment: ["An application's environment cannot be changed; create a new application"] },
    });
    expect(await db.application.count({ where: { merchantId: actors.owner.merchantId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { merchantId: actors.owner.merchantId } })).toBe(1);
  });

  it("deletes an application with its credentials, in one audited step", async () => {
    const { actors } = await makeMerchant();
    const app = await createApplication(actors.owner, { name: "Doomed", environment: "test" });
    await addCredential(actors.owner, app.id, "stripe", { apiKey: stripeKey() });
    await addCredential(actors.owner, app.id, "checkout", { apiKey: `sk_sbox_${randomBase62(30)}` });
    const result = await deleteApplication(actors.developer, app.id);
    expect(result).toEqual({ id: app.id, name: "Doomed", removedProviders: ["checkout", "stripe"] });
    expect(await db.providerCredential.count({ where: { applicationId: app.id } })).toBe(0);
    expect(await db.application.count({ where: { id: app.id } })).toBe(0);
    await expect(getApplication(actors.owner, app.id)).rejects.toMatchObject({ code: "not_found" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "application.deleted", targetId: app.id } });
    expect(JSON.parse(event.changes)).toEqual({ name: "Doomed", environment: "test", removedProviders: ["checkout", "stripe"] });
    expect(event.actorLabel).toBe(actors.developer.label);
  });

  it("answers not found for another merchant's application and for malformed ids", async () => {
    const { actors } = await makeMerchant();
    const app = await createApplication(actors.owner, { name: "Mine", environment: "test" });
    const other = await makeMerchant("Other");
    await expect(getApplication(other.actors.owner, app.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateApplication(other.actors.owner, app.id, { name: "Theirs" })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteApplication(other.actors.owner, app.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getApplication(actors.owner, "app_nope")).rejects.toMatchObject({ code: "not_found" });
    expect((await listApplications(other.actors.owner)).items).toEqual([]);
    expect((await getApplication(actors.owner, app.id)).name).toBe("Mine");
  });

  it("applies roles: developers manage test only, viewers read, impersonating staff look and relabel", async () => {
    const { actors } = await makeMerchant();
    expect(creatableEnvironments(actors.owner)).toEqual(["test", "live"]);
    expect(creatableEnvironments(actors.developer)).toEqual(["test"]);
    expect(creatableEnvironments(actors.viewer)).toEqual([]);
    const live = await createApplication(actors.owner, { name: "Live", environment: "live" });
    const test = await createApplication(actors.developer, { name: "Test", environment: "test" });
    await expect(createApplication(actors.developer, { name: "L", environment: "live" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateApplication(actors.developer, live.id, { name: "X" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteApplication(actors.developer, live.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApplication(actors.viewer, { name: "V", environment: "test" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateApplication(actors.viewer, test.id, { name: "V" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await getApplication(actors.viewer, live.id)).name).toBe("Live");
    const staff = impersonating(actors.owner);
    expect((await updateApplication(staff, live.id, { name: "Live (renamed by support)" })).name).toBe("Live (renamed by support)");
    await expect(deleteApplication(staff, live.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApplication(staff, { name: "S", environment: "test" })).rejects.toMatchObject({ code: "forbidden" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "application.updated", targetId: live.id } });
    expect(event).toMatchObject({ actorType: "staff", impersonatorId: "usr_staff", reason: "Ticket 42" });
  });

  it("shows API keys only their environment's applications and checks their scope", async () => {
    const { actors, merchant } = await makeMerchant();
    const live = await createApplication(actors.owner, { name: "Live", environment: "live" });
    const test = await createApplication(actors.owner, { name: "Test", environment: "test" });
    const reader = apiKeyActor(merchant.id, "test", ["applications:read"]);
    expect((await listApplications(reader)).items.map((a) => a.id)).toEqual([test.id]);
    expect((await listApplications(reader, { environment: "live" })).items).toEqual([]);
    await expect(getApplication(reader, live.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(createApplication(reader, { name: "No", environment: "test" })).rejects.toMatchObject({ code: "forbidden" });
    const writer = apiKeyActor(merchant.id, "test", ["applications:write"]);
    await expect(createApplication(writer, { name: "No", environment: "live" })).rejects.toMatchObject({
      code: "forbidden",
      message: "A test API key cannot manage live applications",
    });
    expect((await createApplication(writer, { name: "Yes", environment: "test" })).environment).toBe("test");
  });
});
