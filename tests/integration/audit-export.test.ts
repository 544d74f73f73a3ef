import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditActorOptions, listAuditEvents, resolveAuditNames } from "@/lib/audit/query";
import { createApiKey, revokeApiKey, rollApiKey, updateApiKey } from "@/lib/api-keys/service";
import { createApplication, deleteApplication } from "@/lib/applications/service";
import { auditCsv, csvCell } from "@/lib/audit/csv";
import { filtersToSearch, parseAuditFilters } from "@/lib/audit/filters";
import { makeMerchant } from "../support/fixtures";

describe("CSV cells", () => {
  it("neutralises formula injection and quotes every cell", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe(`"'=HYPERLINK(""http://evil"")"`);
    for (const lead of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${lead}1+1`)).toBe(`"'${lead}1+1"`);
    expect(csvCell("plain, text")).toBe(`"plain, text"`);
    expect(csvCell("line\nbreak")).toBe(`"line\nbreak"`);
    expect(csvCell(null)).toBe(`""`);
    expect(csvCell(" =not-first")).toBe(`" =not-first"`);
  });
});

describe("audit export", () => {
  it("exports the merchant's events with the page's filters, never secrets", async () => {
    const { actors } = await makeMerchant();
    const other = await makeMerchant();
    // An actor label a spreadsheet would run as a formula.
    const hostile = { ...actors.owner, label: "=cmd|' /C calc'!A0" };
    const created = await createApiKey(hostile, { name: "Server", type: "secret", environment: "test" }, "reveal");
    await updateApiKey(actors.owner, created.key.id, { description: "@SUM(1)" });
    await revokeApiKey(actors.owner, created.key.id);
    await createApiKey(other.actors.owner, { name: "Theirs", type: "secret", environment: "test" }, "reveal");

    const { query, error } = parseAuditFilters({ action: "api_key.", target: created.key.id });
    expect(error).toBeNull();
    const page = await listAuditEvents(actors.owner, { ...query, limit: 100 });
    expect(page.items.map((e) => e.action)).toEqual(["api_key.revoked", "api_key.updated", "api_key.created"]);
    const csv = auditCsv(page.items, await resolveAuditNames(actors.owner.merchantId, page.items));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,created_at,summary,actor_type,actor,actor_id,impersonator_id,impersonation_id,action,target_type,target_id,reason,changes,ip,user_agent",
    );
    // The summary names the key, not its id.
    expect(lines[1]).toContain(`,"${actors.owner.label} revoked Server",`);
    expect(lines).toHaveLength(4);
    expect(csv).not.toContain(created.secret);
    expect(csv).not.toContain(created.secret.slice(8));
    expect(csv).not.toContain("Theirs");
    expect(lines[3]).toContain(`,"'=cmd|' /C calc'!A0",`);
    expect(lines[3]).not.toContain(`,"=cmd`);
  });

  it("reads date filters as whole UTC days and reports bad ones", () => {
    const ok = parseAuditFilters({ from: "2030-01-01", to: "2030-01-31", actor: " Sam " });
    expect(ok.error).toBeNull();
    expect(ok.query).toEqual({ actor: "Sam", from: "2030-01-01T00:00:00.000Z", to: "2030-01-31T23:59:59.999Z" });
    // A kind of actor from the pick-list; a target by id or by name.
    expect(parseAuditFilters({ actor: "type:staff", target: "key_AAAAAAAAAAAAAAAAAAAA" }).query).toEqual({ actorType: "staff", target: "key_AAAAAAAAAAAAAAAAAAAA" });
    expect(parseAuditFilters({ target: "checkout" }).query).toEqual({ targetName: "checkout" });
    expect(parseAuditFilters({ actor: "type:robot" }).error).toMatch(/kind of actor/);
    expect(parseAuditFilters({ from: "yesterday" }).error).toMatch(/YYYY-MM-DD/);
    expect(parseAuditFilters({ from: "2030-02-01", to: "2030-01-01" }).error).toMatch(/after/);
    expect(filtersToSearch(ok.filters, { startingAfter: "evt_x" })).toBe("?actor=Sam&from=2030-01-01&to=2030-01-31&startingAfter=evt_x");
  });

  it("filters by date range inclusively", async () => {
    const { actors, merchant } = await makeMerchant();
    const { key } = await createApiKey(actors.owner, { name: "Dated", type: "secret", environment: "test" }, "reveal");
    await db.auditEvent.updateMany({ where: { merchantId: merchant.id, targetId: key.id }, data: { createdAt: new Date("2030-01-31T23:59:59.000Z") } });
    const inRange = parseAuditFilters({ from: "2030-01-31", to: "2030-01-31" });
    expect((await listAuditEvents(actors.owner, inRange.query)).items).toHaveLength(1);
    const after = parseAuditFilters({ from: "2030-02-01" });
    expect((await listAuditEvents(actors.owner, after.query)).items).toHaveLength(0);
  });
});

describe("audit names and filters", () => {
  it("names a page's keys and applications with one lookup per kind, and filters by name and kind of actor", async () => {
    const { actors } = await makeMerchant();
    const other = await makeMerchant();
    const { key } = await createApiKey(actors.owner, { name: "Checkout server", type: "secret", environment: "test" }, "reveal");
    const rolled = await rollApiKey(actors.owner, key.id, { expirePreviousIn: 3600 }, "response");
    const app = await createApplication(actors.owner, { name: "Storefront", environment: "test" });
    await deleteApplication(actors.owner, app.id);
    const theirs = await createApiKey(other.actors.owner, { name: "Theirs", type: "secret", environment: "test" }, "reveal");

    const { items } = await listAuditEvents(actors.owner, { limit: 100 });
    // Another merchant's id in a change is never named.
    const names = await resolveAuditNames(actors.owner.merchantId, [...items, { ...items[0]!, targetType: "api_key", targetId: theirs.key.id }]);
    expect(names[key.id]).toBe("Checkout server");
    expect(names[rolled.key.id]).toBe("Checkout server");
    expect(names[theirs.key.id]).toBeUndefined();
    // The deleted application is gone; its event still says its name.
    expect(names[app.id]).toBeUndefined();

    const byName = await listAuditEvents(actors.owner, { ...parseAuditFilters({ target: "checkout SERVER" }).query, limit: 100 });
    expect(byName.items.map((e) => e.action)).toEqual(["api_key.rolled", "api_key.created"]);
    const apps = await listAuditEvents(actors.owner, { ...parseAuditFilters({ action: "application." }).query, limit: 100 });
    expect(apps.items.map((e) => e.action)).toEqual(["application.deleted", "application.created"]);
    expect((await listAuditEvents(actors.owner, { ...parseAuditFilters({ actor: "type:staff" }).query })).items).toHaveLength(0);
    expect((await listAuditEvents(actors.owner, { ...parseAuditFilters({ actor: actors.owner.userId }).query, limit: 100 })).items).toHaveLength(items.length);

    const options = await auditActorOptions(actors.owner);
    expect(options.map((o) => o.value)).toEqual(expect.arrayContaining([actors.owner.userId, actors.viewer.userId]));
    expect(options.find((o) => o.value === "type:staff")).toBeUndefined();
  });
});
