import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/auth/password";
import { changeMemberRole, inviteMember, listTeam, removeMember, revokeInvite } from "@/lib/team/service";
import { acceptInviteAsNewUser, acceptInviteAsUser, lookupInvite } from "@/lib/team/invites";
import { makeMerchant } from "../support/fixtures";

afterEach(() => setClock(null));

const password = "a-long-enough-password";

async function membershipOf(userId: string, merchantId: string) {
  return db.membership.findFirstOrThrow({ where: { userId, merchantId } });
}

async function events(merchantId: string, action: string) {
  return db.auditEvent.findMany({ where: { merchantId, action }, orderBy: { createdAt: "asc" } });
}

describe("invites", () => {
  it("lets a new person accept with the invited role, once", async () => {
    const { merchant, actors } = await makeMerchant("Invites");
    const { invite, token } = await inviteMember(actors.owner, { email: "  New.Dev@Example.test ", role: "developer" });
    expect(invite.email).toBe("new.dev@example.test");

    // Only the hash is stored.
    const row = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(await db.auditEvent.findMany())).not.toContain(token);

    const lookup = await lookupInvite(token);
    expect(lookup).toMatchObject({ email: "new.dev@example.test", role: "developer", merchantName: "Invites", status: "pending", accountExists: false });

    const joined = await acceptInviteAsNewUser(
      { token, name: "New Dev", password, confirmPassword: password },
      { ip: "203.0.113.9", userAgent: "test" },
    );
    expect(joined).toMatchObject({ email: "new.dev@example.test", merchantId: merchant.id, role: "developer" });
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.dev@example.test" } });
    expect(user.name).toBe("New Dev");
    expect(user.passwordHash).not.toContain(password);
    expect((await membershipOf(user.id, merchant.id)).role).toBe("developer");
    expect(await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ acceptedById: user.id });
    expect(await events(merchant.id, "team.invite_created")).toHaveLength(1);
    const [accepted] = await events(merchant.id, "team.invite_accepted");
    expect(accepted).toMatchObject({ actorId: user.id, actorType: "user", ip: "203.0.113.9" });

    // Reused link: refused clearly, nothing written.
    await expect(
      acceptInviteAsNewUser({ token, name: "Someone else", password, confirmPassword: password }),
    ).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("already been used") });
    expect((await lookupInvite(token))?.status).toBe("accepted");
    expect(await db.user.count({ where: { email: "new.dev@example.test" } })).toBe(1);
  });

  it("refuses an expired invite link and accepts just before the deadline", async () => {
    const { merchant, actors } = await makeMerchant();
    const start = new Date();
    setClock(() => start);
    const a = await inviteMember(actors.admin, { email: "late@example.test", role: "viewer" });
    const b = await inviteMember(actors.admin, { email: "ontime@example.test", role: "viewer" });
    const deadline = new Date(start.getTime() + 7 * 86_400_000);

    setClock(() => new Date(deadline.getTime() - 1));
    await acceptInviteAsNewUser({ token: b.token, name: "On time", password, confirmPassword: password });

    setClock(() => deadline);
    expect((await lookupInvite(a.token))?.status).toBe("expired");
    await expect(
      acceptInviteAsNewUser({ token: a.token, name: "Late", password, confirmPassword: password }),
    ).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("expired") });
    expect(await db.user.findUnique({ where: { email: "late@example.test" } })).toBeNull();
    expect(await db.membership.count({ where: { merchantId: merchant.id } })).toBe(5);
  });

  it("refuses unknown, withdrawn and replaced links", async () => {
    const { actors } = await makeMerchant();
    await expect(
      acceptInviteAsNewUser({ token: "x".repeat(43), name: "N", password, confirmPassword: password }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(acceptInviteAsNewUser({ token: "short", name: "N", password, confirmPassword: password })).rejects.toMatchObject({
      code: "validation",
    });

    const first = await inviteMember(actors.owner, { email: "twice@example.test", role: "viewer" });
    const second = await inviteMember(actors.owner, { email: "twice@example.test", role: "admin" });
    await expect(
      acceptInviteAsNewUser({ token: first.token, name: "N", password, confirmPassword: password }),
    ).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("withdrawn") });

    await revokeInvite(actors.owner, second.invite.id);
    await expect(
      acceptInviteAsNewUser({ token: second.token, name: "N", password, confirmPassword: password }),
    ).rejects.toMatchObject({ code: "gone", message: expect.stringContaining("withdrawn") });
    await expect(revokeInvite(actors.owner, second.invite.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("holds the withdrawal rules on every path: an admin can neither revoke nor replace an owner invite", async () => {
    const { merchant, actors } = await makeMerchant("Invite withdrawal");
    const ownerInvite = await inviteMember(actors.owner, { email: "future.owner@example.test", role: "owner" });

    // Explicit revoke and replace-by-reinvite are refused alike, and change nothing.
    await expect(revokeInvite(actors.admin, ownerInvite.invite.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(inviteMember(actors.admin, { email: "Future.Owner@example.test", role: "viewer" })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("owner invite"),
    });
    expect(await db.invite.findUniqueOrThrow({ where: { id: ownerInvite.invite.id } })).toMatchObject({ revokedAt: null });
    expect((await lookupInvite(ownerInvite.token))?.status).toBe("pending");
    expect(await db.invite.count({ where: { merchantId: merchant.id } })).toBe(1);
    expect(await events(merchant.id, "team.invite_revoked")).toHaveLength(0);

    // An owner may replace it; the withdrawal is audited like a revoke.
    const replacement = await inviteMember(actors.owner, { email: "future.owner@example.test", role: "admin" });
    expect((await lookupInvite(ownerInvite.token))?.status).toBe("revoked");
    const [revoked] = await events(merchant.id, "team.invite_revoked");
    expect(revoked).toMatchObject({ targetType: "invite", targetId: ownerInvite.invite.id, actorId: actors.owner.userId });
    expect(JSON.parse(revoked!.changes)).toMatchObject({ email: "future.owner@example.test", role: "owner", replacedBy: replacement.invite.id });
    const created = (await events(merchant.id, "team.invite_created")).at(-1)!;
    expect(JSON.parse(created.changes)).toMatchObject({ replacedInvites: [ownerInvite.invite.id] });

    // An admin replacing an admin-level invite is fine, and audited too.
    await inviteMember(actors.admin, { email: "future.owner@example.test", role: "viewer" });
    expect((await lookupInvite(replacement.token))?.status).toBe("revoked");
    expect(await events(merchant.id, "team.invite_revoked")).toHaveLength(2);

    // An explicit revoke records its event once.
    const other = await inviteMember(actors.admin, { email: "dev@example.test", role: "developer" });
    await revokeInvite(actors.admin, other.invite.id);
    const revokes = await events(merchant.id, "team.invite_revoked");
    expect(revokes.filter((e) => e.targetId === other.invite.id)).toHaveLength(1);
    expect(JSON.parse(revokes.at(-1)!.changes)).not.toHaveProperty("replacedBy");
  });

  it("validates the new account's fields without claiming the invite", async () => {
    const { actors } = await makeMerchant();
    const { token } = await inviteMember(actors.owner, { email: "v@example.test", role: "viewer" });
    await expect(acceptInviteAsNewUser({ token, name: "", password: "short", confirmPassword: "other" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { name: expect.any(Array), password: expect.any(Array) },
    });
    await expect(
      acceptInviteAsNewUser({ token, name: "V", password, confirmPassword: `${password}x` }),
    ).rejects.toMatchObject({ fieldErrors: { confirmPassword: ["Passwords do not match"] } });
    expect((await lookupInvite(token))?.status).toBe("pending");
  });

  it("gives exactly one account to concurrent accepts of one link", async () => {
    const { actors } = await makeMerchant();
    const { token } = await inviteMember(actors.owner, { email: "race@example.test", role: "viewer" });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => acceptInviteAsNewUser({ token, name: `R${i}`, password, confirmPassword: password })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: expect.stringMatching(/gone|conflict/) });
    expect(await db.user.count({ where: { email: "race@example.test" } })).toBe(1);
  });

  it("lets an existing signed-in user accept an invite to their own email only", async () => {
    const { merchant, actors } = await makeMerchant("Second merchant");
    const other = await makeMerchant("Home merchant");
    const existing = await db.user.findUniqueOrThrow({ where: { id: other.actors.developer.userId } });
    const { token } = await inviteMember(actors.owner, { email: existing.email, role: "admin" });
    expect((await lookupInvite(token))?.accountExists).toBe(true);

    const stranger = await db.user.findUniqueOrThrow({ where: { id: other.actors.viewer.userId } });
    await expect(acceptInviteAsUser(stranger, token)).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining(existing.email) });
    expect((await lookupInvite(token))?.status).toBe("pending");

    await expect(acceptInviteAsNewUser({ token, name: "Dup", password, confirmPassword: password })).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await lookupInvite(token))?.status).toBe("pending");

    expect(await acceptInviteAsUser(existing, token)).toEqual({ merchantId: merchant.id, role: "admin" });
    expect((await membershipOf(existing.id, merchant.id)).role).toBe("admin");
    await expect(acceptInviteAsUser(existing, token)).rejects.toMatchObject({ code: "gone" });
  });

  it("never lets staff join a merchant", async () => {
    const { actors } = await makeMerchant();
    const staff = await db.user.create({
      data: { id: newId("usr"), email: "staff@keyward.test", name: "Staff", passwordHash: await hashPassword(password), staffRole: "support" },
    });
    await expect(inviteMember(actors.owner, { email: staff.email, role: "viewer" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { email: expect.any(Array) },
    });
    // An invite made before the account became staff cannot be used by it either.
    const { token } = await inviteMember(actors.owner, { email: "later-staff@keyward.test", role: "viewer" });
    await expect(acceptInviteAsUser({ ...staff, email: "later-staff@keyward.test" }, token)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await db.membership.count({ where: { userId: staff.id } })).toBe(0);
  });

  it("refuses to invite an existing member", async () => {
    const { actors } = await makeMerchant();
    await expect(inviteMember(actors.owner, { email: actors.viewer.label, role: "admin" })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { email: ["Already a member of this team"] },
    });
  });
});

describe("roles", () => {
  it("lets only owners grant or manage the owner role", async () => {
    const { merchant, actors } = await makeMerchant();
    await expect(inviteMember(actors.admin, { email: "o@example.test", role: "owner" })).rejects.toMatchObject({ code: "forbidden" });
    const viewer = await membershipOf(actors.viewer.userId, merchant.id);
    const owner = await membershipOf(actors.owner.userId, merchant.id);
    await expect(changeMemberRole(actors.admin, { membershipId: viewer.id, role: "owner" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(actors.admin, { membershipId: owner.id, role: "viewer" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(actors.admin, owner.id)).rejects.toMatchObject({ code: "forbidden" });

    const changed = await changeMemberRole(actors.admin, { membershipId: viewer.id, role: "developer" });
    expect(changed.role).toBe("developer");
    const [event] = await events(merchant.id, "team.role_changed");
    expect(JSON.parse(event!.changes)).toEqual({ email: actors.viewer.label, role: ["viewer", "developer"] });

    await changeMemberRole(actors.owner, { membershipId: viewer.id, role: "owner" });
    expect((await membershipOf(actors.viewer.userId, merchant.id)).role).toBe("owner");
  });

  it("refuses developers and viewers every change but leaving", async () => {
    const { merchant, actors } = await makeMerchant();
    const admin = await membershipOf(actors.admin.userId, merchant.id);
    for (const actor of [actors.developer, actors.viewer]) {
      await expect(inviteMember(actor, { email: "x@example.test", role: "viewer" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(changeMemberRole(actor, { membershipId: admin.id, role: "viewer" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(removeMember(actor, admin.id)).rejects.toMatchObject({ code: "forbidden" });
    }
    const dev = await membershipOf(actors.developer.userId, merchant.id);
    await removeMember(actors.developer, dev.id);
    expect(await db.membership.findUnique({ where: { id: dev.id } })).toBeNull();
    expect(await events(merchant.id, "team.member_left")).toHaveLength(1);
  });

  it("never removes, demotes or lets leave the last owner", async () => {
    const { merchant, actors } = await makeMerchant();
    const owner = await membershipOf(actors.owner.userId, merchant.id);
    await expect(changeMemberRole(actors.owner, { membershipId: owner.id, role: "admin" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("at least one owner"),
    });
    await expect(removeMember(actors.owner, owner.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last owner") });
    expect((await membershipOf(actors.owner.userId, merchant.id)).role).toBe("owner");
    expect(await db.auditEvent.count({ where: { merchantId: merchant.id } })).toBe(0);

    // With a second owner, the first may step down.
    const admin = await membershipOf(actors.admin.userId, merchant.id);
    await changeMemberRole(actors.owner, { membershipId: admin.id, role: "owner" });
    await changeMemberRole(actors.owner, { membershipId: owner.id, role: "developer" });
    expect((await membershipOf(actors.owner.userId, merchant.id)).role).toBe("developer");
    // The remaining owner is now the last one.
    await expect(removeMember({ ...actors.admin, role: "owner" }, admin.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("keeps one owner when two owners demote each other at the same time", async () => {
    const { merchant, actors } = await makeMerchant("Race", ["owner", "admin"]);
    const a = await membershipOf(actors.owner.userId, merchant.id);
    const b = await membershipOf(actors.admin.userId, merchant.id);
    await changeMemberRole(actors.owner, { membershipId: b.id, role: "owner" });
    const ownerB = { ...actors.admin, role: "owner" as const };
    const results = await Promise.allSettled([
      changeMemberRole(actors.owner, { membershipId: b.id, role: "viewer" }),
      changeMemberRole(ownerB, { membershipId: a.id, role: "viewer" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { merchantId: merchant.id, role: "owner" } })).toBe(1);
  });

  it("uses the role held now, not the one the session saw", async () => {
    const { merchant, actors } = await makeMerchant();
    const viewer = await membershipOf(actors.viewer.userId, merchant.id);
    const admin = await membershipOf(actors.admin.userId, merchant.id);
    await changeMemberRole(actors.owner, { membershipId: admin.id, role: "viewer" });
    // actors.admin still says "admin", as a session resolved a moment ago would.
    await expect(changeMemberRole(actors.admin, { membershipId: viewer.id, role: "developer" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("does not find another merchant's members or invites", async () => {
    const mine = await makeMerchant();
    const theirs = await makeMerchant();
    const foreign = await membershipOf(theirs.actors.viewer.userId, theirs.merchant.id);
    const { invite } = await inviteMember(theirs.actors.owner, { email: "f@example.test", role: "viewer" });
    await expect(changeMemberRole(mine.actors.owner, { membershipId: foreign.id, role: "admin" })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember(mine.actors.owner, foreign.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeInvite(mine.actors.owner, invite.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember(mine.actors.owner, "garbage")).rejects.toMatchObject({ code: "not_found" });
    const team = await listTeam(mine.actors.owner);
    expect(team.members.map((m) => m.email)).not.toContain(theirs.actors.viewer.label);
    expect(team.invites).toHaveLength(0);
  });
});
