/**
 * Demo data: two merchants, their members and a support user, all with the
 * password demo-password-1. Refuses to touch a database that holds other
 * data unless run with --reset, which empties it first.
 *
 *   npm run db:seed [-- --reset]
 */
import "../lib/load-env";
import { db } from "../lib/db";
import { hashPassword } from "../lib/auth/password";
import { newId } from "../lib/ids";

export const DEMO_PASSWORD = "demo-password-1";

export const DEMO_MERCHANTS = [
  {
    name: "Acme Payments",
    members: [
      { email: "owner@acme.test", name: "Olivia Owner", role: "owner" },
      { email: "dev@acme.test", name: "Dev Eloper", role: "developer" },
      { email: "viewer@acme.test", name: "Vic Viewer", role: "viewer" },
    ],
  },
  { name: "Globex", members: [{ email: "owner@globex.test", name: "Gloria Globex", role: "owner" }] },
] as const;

export const DEMO_STAFF = { email: "support@keyward.test", name: "Sam Support", staffRole: "support" } as const;

const DEMO_EMAILS = [...DEMO_MERCHANTS.flatMap((m) => m.members.map((u) => u.email)), DEMO_STAFF.email];

async function wipe() {
  // Children first, for databases that enforce foreign keys strictly.
  await db.$transaction([
    db.auditEvent.deleteMany(),
    db.apiKeyUsage.deleteMany(),
    db.refreshToken.deleteMany(),
    db.idempotencyRecord.deleteMany(),
    db.providerCredential.deleteMany(),
    db.application.deleteMany(),
    db.apiKey.deleteMany(),
    db.invite.deleteMany(),
    db.impersonationSession.deleteMany(),
    db.membership.deleteMany(),
    db.merchant.deleteMany(),
    db.user.deleteMany(),
  ]);
}

export async function seedDemo(options: { reset?: boolean } = {}): Promise<"seeded" | "present"> {
  if (options.reset) await wipe();
  const users = await db.user.findMany({ select: { email: true } });
  const merchants = await db.merchant.findMany({ select: { name: true } });
  const foreignUser = users.some((u) => !DEMO_EMAILS.includes(u.email as (typeof DEMO_EMAILS)[number]));
  const foreignMerchant = merchants.some((m) => !DEMO_MERCHANTS.some((d) => d.name === m.name));
  if (foreignUser || foreignMerchant) {
    throw new Error("This database already holds data other than the demo. Re-run with --reset to empty it first.");
  }
  if (users.length === DEMO_EMAILS.length && merchants.length === DEMO_MERCHANTS.length) return "present";
  if (users.length || merchants.length) {
    throw new Error("This database holds part of the demo data. Re-run with --reset to start over.");
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    for (const m of DEMO_MERCHANTS) {
      const merchant = await tx.merchant.create({ data: { id: newId("mer"), name: m.name } });
      for (const u of m.members) {
        const user = await tx.user.create({ data: { id: newId("usr"), email: u.email, name: u.name, passwordHash } });
        await tx.membership.create({ data: { id: newId("mem"), userId: user.id, merchantId: merchant.id, role: u.role } });
      }
    }
    await tx.user.create({ data: { id: newId("usr"), ...DEMO_STAFF, passwordHash } });
  });
  return "seeded";
}

async function main() {
  const reset = process.argv.includes("--reset");
  const result = await seedDemo({ reset });
  console.log(result === "seeded" ? "Demo data created." : "Demo data already present.");
  console.log(`\nDemo sign-ins (password: ${DEMO_PASSWORD})`);
  for (const m of DEMO_MERCHANTS) for (const u of m.members) console.log(`  ${u.email.padEnd(22)} ${u.role} of ${m.name}`);
  console.log(`  ${DEMO_STAFF.email.padEnd(22)} support staff`);
}

if (process.argv[1] && /seed\.ts$/.test(process.argv[1])) {
  main()
    .then(() => db.$disconnect())
    .catch(async (err) => {
      console.error(err instanceof Error ? err.message : err);
      await db.$disconnect();
      process.exit(1);
    });
}
