/**
 * A change and its audit event commit together or not at all. A SQLite
 * trigger makes the database refuse one step (the audit insert, or the
 * change itself), and the test checks that neither survives.
 */
import { afterEach, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { databaseKind } from "@/lib/db/url";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/auth/password";
import { createApiKey, revokeApiKey, updateApiKey } from "@/lib/api-keys/service";
import { changeMemberRole, inviteMember, removeMember, revokeInvite } from "@/lib/team/service";
import { acceptInviteAsNewUser } from "@/lib/team/invites";
import { endImpersonation, startImpersonation } from "@/lib/impersonation/service";
import type { UserActor } from "@/lib/auth/actor";
import { makeMerchant } from "../support/fixtures";

const sqliteOnly = databaseKind() === "sqlite" ? describe : describe.skip;

async function failAuditInsert(action: string) {
  await db.$executeRawUnsafe(
    `CREATE TRIGGER fail_audit BEFORE INSERT ON "AuditEvent" WHEN NEW.action = '${action}' BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END`,
  );
}

async function failUpdate(table: string) {
  await db.$executeRawUnsafe(
    `CREATE TRIGGER fail_change BEFORE UPDATE ON "${table}" BEGIN SELECT RAISE(ABORT, 'storage unavailable'); END`,
  );
}

afterEach(async () => {
  await db.$executeRawUnsafe("DROP TRIGGER IF EXISTS fail_audit");
  await db.$executeRawUnsafe("DROP TRIGGER IF EXISTS fail_change");
});

const password = "support-password-1";

sqliteOnly("audit events are written atomically with their change", () => {
  it("team: a role change, removal, invite, withdrawal or acceptance without its event does not happen", async () => {
    const { merchant, actors } = await makeMerchant();
    const viewer = await db.membership.findFirstOrThrow({ where: { userId: actors.viewer.userId } });
    const pending = await inviteMember(actors.owner, { email: "pending@example.test", role: "developer" });
    const eventsBefore = await db.auditEvent.count({ where: { merchantId: merchant.id } });

    await failAuditInsert("team.role_changed");
    await expect(changeMemberRole(actors.owner, { membershipId: viewer.id, role: "admin" })).rejects.toThrow(/auditEvent\.create/);
    expect((await db.membership.findUniqueOrThrow({ where: { id: viewer.id } })).role).toBe("viewer");

    await db.$executeRawUnsafe("DROP TRIGGER fail_audit");
    await failAuditInsert("team.member_removed");
    await expect(removeMember(actors.owner, viewer.id)).rejects.toThrow(/auditEvent\.create/);
    expect(await db.membership.findUnique({ where: { id: viewer.id } })).not.toBeNull();

    await db.$executeRawUnsafe("DROP TRIGGER fail_audit");
    await failAuditInsert("team.invite_created");
    await expect(inviteMember(actors.owner, { email: "new@example.test", role: "viewer" })).rejects.toThrow(/auditEvent\.create/);
    expect(await db.invite.count({ where: { email: "new@example.test" } })).toBe(0);

    await db.$executeRawUnsafe("DROP TRIGGER fail_audit");
    await failAuditInsert("team.invite_revoked");
    await expect(revokeInvite(actors.owner, pending.invite.id)).rejects.toThrow(/auditEvent\.create/);
    expect((await db.invite.findUniqueOrThrow({ where: { id: pending.invite.id } })).revokedAt).toBeNull();

    await db.$executeRawUnsafe("DROP TRIGGER fail_audit");
    await failAuditInsert("team.invite_accepted");
    const body = { token: pending.token, name: "New", password: "a-long-enough-password", confirmPassword: "a-long-enough-password" };
    await expect(acceptInviteAsNewUser(body)).rejects.toThrow(/auditEvent\.create/);
    expect(await db.user.findUnique({ where: { email: "pending@example.test" } })).toBeNull();
    expect((await db.invite.findUniqueOrThrow({ where: { id: pending.invite.id } })).acceptedAt).toBeNull();

    expect(await db.auditEvent.count({ where: { merchantId: merchant.id } })).toBe(eventsBefore);
    // With the audit store back, the same link still works.
    await db.$executeRawUnsafe("DROP TRIGGER fail_audit");
    await acceptInviteAsNewUser(body);
  });

  it("team: an event without its change is not written either", async () => {
    const { merchant, actors } = await makeMerchant();
    const viewer = await db.membership.findFirstOrThrow({ where: { userId: actors.viewer.userId } });
    const before = await db.auditEvent.count({ where: { merchantId: merchant.id } });
    await failUpdate("Membership");
    await expect(changeMemberRole(actors.owner, { membershipId: viewer.id, role: "admin" })).rejects.toThrow(/membership\.update/);
    expect(await db.auditEvent.count({ where: { merchantId: merchant.id } })).toBe(before);
  });

  it("impersonation: no session starts or ends without its event", async () => {
    const { merchant } = await makeMerchant();
    const staff = await db.user.create({
      data: { id: newId("usr"), email: "staff-atomic@keyward.test", name: "Staff", passwordHash: await hashPassword(password), staffRole: "support" },
    });
    const input = { merchantId: merchant.id, reason: "Checking a failing integration", password };

    await failAuditInsert("impersonation.started");
    await expect(startImpersonation(staff, input)).rejects.toThrow(/auditEvent\.create/);
    expect(await db.impersonationSession.count({ where: { staffUserId: staff.id } })).toBe(0);
    await db.$executeRawUnsafe("DROP TRIGGER fail_audit");

    const started = await startImpersonation(staff, input);
    await failAuditInsert("impersonation.ended");
    await expect(endImpersonation(staff.id, "staff")).rejects.toThrow(/auditEvent\.create/);
    expect((await db.impersonationSession.findUniqueOrThrow({ where: { id: started.id } })).endedAt).toBeNull();
  });

  it("keys: a revoke or rename by impersonating staff without its event does not happen", async () => {
    const { merchant, actors } = await makeMerchant();
    const { key } = await createApiKey(actors.owner, { name: "Server", type: "secret", environment: "live" }, "reveal");
    const staff: UserActor = {
      ...actors.owner,
      impersonation: { id: newId("imp"), staffUserId: newId("usr"), staffLabel: "Staff", reason: "r", expiresAt: new Date(Date.now() + 60_000) },
    };
    const before = await db.auditEvent.count({ where: { merchantId: merchant.id } });

    await failAuditInsert("api_key.revoked");
    await expect(revokeApiKey(staff, key.id)).rejects.toThrow(/auditEvent\.create/);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();

    await db.$executeRawUnsafe("DROP TRIGGER fail_audit");
    await failAuditInsert("api_key.updated");
    await expect(updateApiKey(staff, key.id, { name: "Renamed" })).rejects.toThrow(/auditEvent\.create/);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).name).toBe("Server");

    expect(await db.auditEvent.count({ where: { merchantId: merchant.id } })).toBe(before);
  });
});
