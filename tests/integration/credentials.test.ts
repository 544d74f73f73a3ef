import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { databaseKind, databaseUrl, sqliteFilePath } from "@/lib/db/url";
import { randomBase62 } from "@/lib/ids";
import { DecryptionError } from "@/lib/crypto/seal";
import type { UserActor } from "@/lib/auth/actor";
import { createApplication } from "@/lib/applications/service";
import {
  addCredential,
  configureCredential,
  decryptCredential,
  getCredential,
  listCredentials,
  removeCredential,
  rotateCredential,
} from "@/lib/credentials/service";
import { MasterKeyUnavailableError } from "@/lib/credentials/envelope";
import { masterKeyUsage, rewrapRow, rotateMasterKey } from "@/lib/credentials/master-key-rotation";
import { createEndpoint, rollEndpointSecret } from "@/lib/webhooks/service";
import { openSigningSecret } from "@/lib/webhooks/secret";
import { openTotpSecret, sealTotpSecret } from "@/lib/auth/totp";
import { makeMerchant } from "../support/fixtures";
import type { CredentialFieldsInput } from "@/lib/validations/application";

const stripeKey = (env: "test" | "live" = "test") => `sk_${env}_${randomBase62(32)}`;
const masterKey = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

let originalKeys: string | undefined;
beforeEach(() => {
  originalKeys = process.env.KEYWARD_MASTER_KEYS;
});
afterEach(() => {
  process.env.KEYWARD_MASTER_KEYS = originalKeys;
});

/** Every byte of the database on disk, WAL included, as text to search. */
async function rawDatabase(): Promise<string> {
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(FULL)");
  const file = sqliteFilePath(databaseUrl());
  return ["", "-wal"].map((s) => (existsSync(file + s) ? readFileSync(file + s).toString("latin1") : "")).join("");
}

const sqliteOnly = databaseKind() === "sqlite" ? it : it.skip;

async function setup(environment: "test" | "live" = "test") {
  const { merchant, actors } = await makeMerchant();
  const app = await createApplication(actors.owner, { name: "Checkout service", environment });
  return { merchant, actors, app };
}

function impersonating(actor: UserActor): UserActor {
  return {
    ...actor,
    impersonation: { id: "imp_x", staffUserId: "usr_staff", staffLabel: "Sam Support", reason: "Ticket 42", expiresAt: new Date(Date.now() + 3600_000) },
  };
}

describe("storing credentials encrypted", () => {
  sqliteOnly("keeps no plaintext credential in the database file after add and rotate", async () => {
    const { actors, app } = await setup();
    const first = stripeKey();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: first });
    let raw = await rawDatabase();
    expect(raw).not.toContain(first);
    // Not even the part the mask leaves out.
    expect(raw).not.toContain(first.slice(8, -4));
    const second = stripeKey();
    await rotateCredential(actors.owner, app.id, "stripe", { apiKey: second });
    raw = await rawDatabase();
    for (const secret of [first, second]) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(secret.slice(8, -4));
    }
    // Audit events hold the mask at most.
    const events = await db.auditEvent.findMany({ where: { merchantId: actors.owner.merchantId } });
    expect(JSON.stringify(events)).not.toContain(second.slice(8, -4));
  });

  it("shows only a mask, who set it and when", async () => {
    const { actors, app } = await setup();
    const secret = `sk_test_${randomBase62(28)}4242`;
    const view = await addCredential(actors.owner, app.id, "stripe", { apiKey: secret });
    expect(view).toMatchObject({ provider: "stripe", mask: "sk_test_…4242", setBy: actors.owner.label, rotatedAt: null });
    expect(JSON.stringify(view)).not.toContain(secret.slice(8, -4));
    expect(Object.keys(view)).not.toContain("ciphertext");
    const listed = await listCredentials(actors.viewer, app.id);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(8, -4));
    const row = await db.providerCredential.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(row.masterKeyId).toBe(process.env.KEYWARD_MASTER_KEYS!.split(":")[0]);
    expect(row.ciphertext).not.toContain(secret);
  });

  it("uses a fresh data key for every credential and every rotation", async () => {
    const { actors, app } = await setup();
    const other = await createApplication(actors.owner, { name: "Other", environment: "test" });
    const secret = stripeKey();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: secret });
    await addCredential(actors.owner, other.id, "stripe", { apiKey: secret });
    const a = await db.providerCredential.findFirstOrThrow({ where: { applicationId: app.id } });
    const b = await db.providerCredential.findFirstOrThrow({ where: { applicationId: other.id } });
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    await rotateCredential(actors.owner, app.id, "stripe", { apiKey: secret });
    const after = await db.providerCredential.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(after.wrappedKey).not.toBe(a.wrappedKey);
    expect(after.ciphertext).not.toBe(a.ciphertext);
  });

  it("rotates: new mask, rotation time and setter; the new secret is what decrypts", async () => {
    const { actors, app } = await setup();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: `sk_test_${randomBase62(28)}1111` });
    const rotated = await rotateCredential(actors.admin, app.id, "stripe", { apiKey: `sk_test_${randomBase62(28)}2222` });
    expect(rotated.mask).toBe("sk_test_…2222");
    expect(rotated.rotatedAt).toBeInstanceOf(Date);
    expect(rotated.setBy).toBe(actors.admin.label);
    const plain = await decryptCredential(actors.owner, app.id, "stripe");
    expect(plain.apiKey.endsWith("2222")).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "credential.rotated", merchantId: actors.owner.merchantId } });
    expect(JSON.parse(event.changes)).toMatchObject({ provider: "stripe", mask: ["sk_test_…1111", "sk_test_…2222"] });
    expect(event.actorLabel).toBe(actors.admin.label);
  });

  it("audits every decryption and refuses it to viewers and impersonating staff", async () => {
    const { actors, app } = await setup();
    const secret = stripeKey();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: secret });
    const plain = await decryptCredential(actors.developer, app.id, "stripe", { purpose: "create charge" });
    expect(plain).toMatchObject({ apiKey: secret, provider: "stripe", environment: "test" });
    const events = await db.auditEvent.findMany({ where: { action: "credential.decrypted", merchantId: actors.owner.merchantId } });
    expect(events).toHaveLength(1);
    expect(events[0]!.actorLabel).toBe(actors.developer.label);
    expect(JSON.parse(events[0]!.changes)).toMatchObject({ provider: "stripe", purpose: "create charge" });
    expect(events[0]!.changes).not.toContain(secret.slice(8, -4));
    await expect(decryptCredential(actors.viewer, app.id, "stripe")).rejects.toMatchObject({ code: "forbidden" });
    await expect(decryptCredential(impersonating(actors.owner), app.id, "stripe")).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.auditEvent.count({ where: { action: "credential.decrypted" , merchantId: actors.owner.merchantId } })).toBe(1);
  });
});

describe("failing loudly", () => {
  it("refuses a tampered ciphertext or wrapped key instead of returning garbage", async () => {
    const { actors, app } = await setup();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: stripeKey() });
    const row = await db.providerCredential.findFirstOrThrow({ where: { applicationId: app.id } });
    const flip = (sealed: string) => {
      const parts = sealed.split(".");
      const ct = Buffer.from(parts[2]!, "base64url");
      ct[0]! ^= 1;
      parts[2] = ct.toString("base64url");
      return parts.join(".");
    };
    await db.providerCredential.update({ where: { id: row.id }, data: { ciphertext: flip(row.ciphertext) } });
    await expect(decryptCredential(actors.owner, app.id, "stripe")).rejects.toBeInstanceOf(DecryptionError);
    await db.providerCredential.update({ where: { id: row.id }, data: { ciphertext: row.ciphertext, wrappedKey: flip(row.wrappedKey) } });
    await expect(decryptCredential(actors.owner, app.id, "stripe")).rejects.toBeInstanceOf(DecryptionError);
    await db.providerCredential.update({ where: { id: row.id }, data: { wrappedKey: "garbage" } });
    await expect(decryptCredential(actors.owner, app.id, "stripe")).rejects.toBeInstanceOf(DecryptionError);
    // A failed decryption is not recorded as a read.
    expect(await db.auditEvent.count({ where: { action: "credential.decrypted", merchantId: actors.owner.merchantId } })).toBe(0);
  });

  it("refuses a wrong master key under the same id, and a master key that is not configured", async () => {
    const { actors, app } = await setup();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: stripeKey() });
    const id = process.env.KEYWARD_MASTER_KEYS!.split(":")[0]!;
    process.env.KEYWARD_MASTER_KEYS = masterKey(id);
    await expect(decryptCredential(actors.owner, app.id, "stripe")).rejects.toBeInstanceOf(DecryptionError);
    process.env.KEYWARD_MASTER_KEYS = masterKey("someother");
    await expect(decryptCredential(actors.owner, app.id, "stripe")).rejects.toBeInstanceOf(MasterKeyUnavailableError);
  });

  it("refuses a ciphertext copied into another merchant's, application's or provider's row", async () => {
    const { actors, app } = await setup();
    const victimSecret = stripeKey();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: victimSecret });
    const victim = await db.providerCredential.findFirstOrThrow({ where: { applicationId: app.id } });
    const copy = { ciphertext: victim.ciphertext, wrappedKey: victim.wrappedKey, masterKeyId: victim.masterKeyId };

    const attacker = await setup();
    await addCredential(attacker.actors.owner, attacker.app.id, "stripe", { apiKey: stripeKey() });
    await db.providerCredential.updateMany({ where: { applicationId: attacker.app.id }, data: copy });
    await expect(decryptCredential(attacker.actors.owner, attacker.app.id, "stripe")).rejects.toBeInstanceOf(DecryptionError);

    const sibling = await createApplication(actors.owner, { name: "Sibling", environment: "test" });
    await addCredential(actors.owner, sibling.id, "stripe", { apiKey: stripeKey() });
    await db.providerCredential.updateMany({ where: { applicationId: sibling.id }, data: copy });
    await expect(decryptCredential(actors.owner, sibling.id, "stripe")).rejects.toBeInstanceOf(DecryptionError);

    await db.providerCredential.update({ where: { id: victim.id }, data: { provider: "checkout" } });
    await expect(decryptCredential(actors.owner, app.id, "checkout")).rejects.toBeInstanceOf(DecryptionError);
  });
});

describe("rotating the master key", () => {
  // Rotation covers every credential in the database: start each test from none.
  beforeEach(async () => {
    await db.providerCredential.deleteMany();
  });

  async function seedUnderOldKey(count: number) {
    process.env.KEYWARD_MASTER_KEYS = masterKey("old");
    const oldKeys = process.env.KEYWARD_MASTER_KEYS;
    const { actors, app } = await setup();
    const secrets = new Map<string, string>();
    const apps = [app.id];
    for (let i = 1; i < count; i++) apps.push((await createApplication(actors.owner, { name: `App ${i}`, environment: "test" })).id);
    for (const id of apps) {
      const secret = stripeKey();
      secrets.set(id, secret);
      await addCredential(actors.owner, id, "stripe", { apiKey: secret });
    }
    return { actors, secrets, oldKeys };
  }

  async function expectAllReadable(actor: UserActor, secrets: Map<string, string>) {
    for (const [appId, secret] of secrets) {
      expect((await decryptCredential(actor, appId, "stripe")).apiKey).toBe(secret);
    }
  }

  it("re-wraps every data key, keeps ciphertexts, and old rows stay readable until it finishes", async () => {
    const { actors, secrets, oldKeys } = await seedUnderOldKey(3);
    const before = await db.providerCredential.findMany({ where: { merchantId: actors.owner.merchantId }, orderBy: { id: "asc" } });
    process.env.KEYWARD_MASTER_KEYS = `${masterKey("new")},${oldKeys}`;
    // Before and during rotation (both keys configured) everything reads.
    await expectAllReadable(actors.owner, secrets);
    const progress: number[] = [];
    const result = await rotateMasterKey({ batchSize: 2, onProgress: (p) => progress.push(p.done) });
    expect(result).toMatchObject({ total: 3, rewrapped: 3, failed: 0, remaining: 0, masterKeyId: "new" });
    expect(progress).toEqual([2, 3]);
    const after = await db.providerCredential.findMany({ where: { merchantId: actors.owner.merchantId }, orderBy: { id: "asc" } });
    expect(after.map((r) => r.masterKeyId)).toEqual(["new", "new", "new"]);
    expect(after.map((r) => r.ciphertext)).toEqual(before.map((r) => r.ciphertext));
    expect(after.map((r) => r.wrappedKey)).not.toContain(before[0]!.wrappedKey);
    // The old key can now go.
    process.env.KEYWARD_MASTER_KEYS = process.env.KEYWARD_MASTER_KEYS.split(",")[0];
    await expectAllReadable(actors.owner, secrets);
    expect(await masterKeyUsage()).toEqual([{ masterKeyId: "new", credentials: 3 }]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "credential.master_key_rotated" } });
    expect(JSON.parse(audit.changes)).toMatchObject({ rewrapped: 3, fromMasterKeys: ["old"] });
  });

  it("resumes after an interruption: a re-run re-wraps only what is left", async () => {
    const { actors, secrets, oldKeys } = await seedUnderOldKey(4);
    process.env.KEYWARD_MASTER_KEYS = `${masterKey("new")},${oldKeys}`;
    // A crash after two rows: the rest stays on the old key, and everything reads.
    const partial = await rotateMasterKey({ limit: 2 });
    expect(partial).toMatchObject({ rewrapped: 2, remaining: 2 });
    expect((await masterKeyUsage()).sort((a, b) => a.masterKeyId.localeCompare(b.masterKeyId))).toEqual([
      { masterKeyId: "new", credentials: 2 },
      { masterKeyId: "old", credentials: 2 },
    ]);
    await expectAllReadable(actors.owner, secrets);
    // Changes made between runs are kept: a credential rotated meanwhile is already current.
    const stillOld = await db.providerCredential.findFirstOrThrow({ where: { masterKeyId: "old", merchantId: actors.owner.merchantId } });
    const replacement = stripeKey();
    await rotateCredential(actors.owner, stillOld.applicationId, "stripe", { apiKey: replacement });
    secrets.set(stillOld.applicationId, replacement);
    const rest = await rotateMasterKey();
    expect(rest).toMatchObject({ total: 1, rewrapped: 1, remaining: 0 });
    expect(await rotateMasterKey()).toMatchObject({ total: 0, rewrapped: 0, remaining: 0 });
    process.env.KEYWARD_MASTER_KEYS = process.env.KEYWARD_MASTER_KEYS.split(",")[0];
    await expectAllReadable(actors.owner, secrets);
  });

  it("never overwrites a credential rotated between reading and re-wrapping it", async () => {
    const { actors, secrets, oldKeys } = await seedUnderOldKey(1);
    const [appId] = [...secrets.keys()];
    const stale = await db.providerCredential.findFirstOrThrow({ where: { applicationId: appId! } });
    // A server still configured with the old key list rotates the credential meanwhile.
    const replacement = stripeKey();
    await rotateCredential(actors.owner, appId!, "stripe", { apiKey: replacement });
    process.env.KEYWARD_MASTER_KEYS = `${masterKey("new")},${oldKeys}`;
    expect(await rewrapRow(stale)).toBe("skipped");
    expect((await decryptCredential(actors.owner, appId!, "stripe")).apiKey).toBe(replacement);
    expect(await rotateMasterKey()).toMatchObject({ rewrapped: 1, remaining: 0 });
    expect((await decryptCredential(actors.owner, appId!, "stripe")).apiKey).toBe(replacement);
  });

  sqliteOnly("leaves no plaintext behind in the database file", async () => {
    const { secrets, oldKeys } = await seedUnderOldKey(2);
    process.env.KEYWARD_MASTER_KEYS = `${masterKey("new")},${oldKeys}`;
    await rotateMasterKey();
    const raw = await rawDatabase();
    for (const secret of secrets.values()) expect(raw).not.toContain(secret.slice(8, -4));
  });

  it("re-seals webhook signing secrets (current and previous) and TOTP secrets, so the old key can go", async () => {
    process.env.KEYWARD_MASTER_KEYS = masterKey("old");
    const oldKeys = process.env.KEYWARD_MASTER_KEYS;
    const { actors } = await setup();
    const first = await createEndpoint(actors.owner, {
      url: "https://hooks.example.com/keyward",
      environment: "test",
      eventTypes: ["api_key.created"],
    });
    const rolled = await rollEndpointSecret(actors.owner, first.endpoint.id, { expirePreviousIn: 3600 });
    const totp = "JBSWY3DPEHPK3PXPJBSWY3DP";
    const userId = actors.developer.userId;
    await db.user.update({ where: { id: userId }, data: { totpSecret: sealTotpSecret(userId, totp) } });

    process.env.KEYWARD_MASTER_KEYS = `${masterKey("new")},${oldKeys}`;
    const result = await rotateMasterKey();
    expect(result.sealed.resealed).toBeGreaterThanOrEqual(3);
    expect(result.sealed.fromMasterKeys).toContain("old");
    expect(result.sealed.failures.filter((f) => f.id === first.endpoint.id || f.id === userId)).toEqual([]);

    // With the old key gone, all three still open, and each is now under "new".
    process.env.KEYWARD_MASTER_KEYS = process.env.KEYWARD_MASTER_KEYS.split(",")[0];
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: first.endpoint.id } });
    expect(endpoint.secret.startsWith("new:")).toBe(true);
    expect(endpoint.previousSecret!.startsWith("new:")).toBe(true);
    expect(openSigningSecret(endpoint.merchantId, endpoint.id, endpoint.secret)).toBe(rolled.secret);
    expect(openSigningSecret(endpoint.merchantId, endpoint.id, endpoint.previousSecret!)).toBe(first.secret);
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.totpSecret!.startsWith("new:")).toBe(true);
    expect(openTotpSecret(userId, user.totpSecret!)).toBe(totp);
  });

  it("reports rows whose master key is missing and carries on with the others", async () => {
    const { actors, secrets, oldKeys } = await seedUnderOldKey(2);
    const [lostApp] = [...secrets.keys()];
    process.env.KEYWARD_MASTER_KEYS = masterKey("lost");
    const lostSecret = stripeKey();
    await db.providerCredential.deleteMany({ where: { applicationId: lostApp! } });
    await addCredential(actors.owner, lostApp!, "stripe", { apiKey: lostSecret });
    process.env.KEYWARD_MASTER_KEYS = `${masterKey("new")},${oldKeys}`;
    const result = await rotateMasterKey();
    expect(result).toMatchObject({ rewrapped: 1, failed: 1, remaining: 1 });
    expect(result.failures[0]).toMatchObject({ masterKeyId: "lost" });
    expect(result.failures[0]!.error).toContain("not configured");
  });
});

describe("validating provider credentials", () => {
  it("refuses a Stripe test key for a live application and a live key for a test application", async () => {
    const live = await setup("live");
    await expect(addCredential(live.actors.owner, live.app.id, "stripe", { apiKey: stripeKey("test") })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { apiKey: [expect.stringContaining("This is a Stripe test key, but this is a live application")] },
    });
    const test = await setup("test");
    await expect(addCredential(test.actors.owner, test.app.id, "stripe", { apiKey: stripeKey("live") })).rejects.toMatchObject({
      fieldErrors: { apiKey: [expect.stringContaining("live key, but this is a test application")] },
    });
    await addCredential(live.actors.owner, live.app.id, "stripe", { apiKey: stripeKey("live") });
    await expect(rotateCredential(live.actors.owner, live.app.id, "stripe", { apiKey: stripeKey("test") })).rejects.toMatchObject({
      code: "validation",
    });
  });

  it("checks each provider's fields with clear messages, and writes nothing on failure", async () => {
    const { actors, app } = await setup("test");
    const cases: [string, CredentialFieldsInput, string, string][] = [
      ["stripe", { apiKey: `pk_test_${randomBase62(24)}` }, "apiKey", "publishable key"],
      ["stripe", { apiKey: "" }, "apiKey", "Secret key is required"],
      ["stripe", { apiKey: stripeKey(), extra: "x" }, "_", "Unrecognized key"],
      ["adyen", { apiKey: `AQE${randomBase62(60)}` }, "merchantAccount", "Merchant account is required"],
      ["adyen", { apiKey: `AQE${randomBase62(60)}`, merchantAccount: "Acme", liveUrlPrefix: "abc-Acme" }, "liveUrlPrefix", "live applications only"],
      ["braintree", { apiKey: "short", merchantId: "abcdefgh12345678", publicKey: "abcdefgh12345678" }, "apiKey", "Braintree private key"],
      ["checkout", { apiKey: `sk_${randomBase62(32)}` }, "apiKey", "use a sandbox key"],
      ["paypal", { apiKey: randomBase62(40) }, "clientId", "Client ID is required"],
    ];
    for (const [provider, input, field, message] of cases) {
      const err = await addCredential(actors.owner, app.id, provider, input).catch((e: unknown) => e);
      expect(err, `${provider} ${JSON.stringify(input)}`).toMatchObject({ code: "validation" });
      const messages = (err as { fieldErrors: Record<string, string[]> }).fieldErrors[field];
      expect(messages?.join(" "), `${provider} ${field}`).toContain(message);
    }
    expect(await db.providerCredential.count({ where: { applicationId: app.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: { startsWith: "credential." }, merchantId: actors.owner.merchantId } })).toBe(0);
  });

  it("accepts every provider's well-formed credentials and masks them", async () => {
    const { actors, app } = await setup("test");
    const secrets = {
      stripe: { apiKey: `rk_test_${randomBase62(28)}abcd`, publishableKey: `pk_test_${randomBase62(24)}` },
      adyen: { apiKey: `AQE${randomBase62(60)}wxyz`, merchantAccount: "AcmeECOM" },
      braintree: { apiKey: `${randomBase62(28).toLowerCase()}9876`, merchantId: "abcdefgh12345678", publicKey: "zyxwvuts98765432" },
      checkout: { apiKey: `sk_sbox_${randomBase62(28)}5555` },
      paypal: { apiKey: `${randomBase62(40)}PPPP`, clientId: randomBase62(40) },
    };
    for (const [provider, input] of Object.entries(secrets)) await addCredential(actors.developer, app.id, provider, input);
    const listed = await listCredentials(actors.viewer, app.id);
    expect(listed.map((c) => [c.provider, c.mask])).toEqual([
      ["stripe", "rk_test_…abcd"],
      ["adyen", "AQE…wxyz"],
      ["braintree", "…9876"],
      ["checkout", "sk_sbox_…5555"],
      ["paypal", "…PPPP"],
    ]);
    expect(listed[1]!.publicFields).toEqual({ merchantAccount: "AcmeECOM" });
    expect((await decryptCredential(actors.owner, app.id, "adyen")).publicFields).toEqual({ merchantAccount: "AcmeECOM" });
  });

  it("requires Adyen's live URL prefix on live applications", async () => {
    const { actors, app } = await setup("live");
    const err = await addCredential(actors.owner, app.id, "adyen", { apiKey: `AQE${randomBase62(60)}`, merchantAccount: "Acme" }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ fieldErrors: { liveUrlPrefix: ["Live URL prefix is required"] } });
  });
});

describe("adding, rotating and removing", () => {
  it("refuses a second add for the same provider, even concurrently", async () => {
    const { actors, app } = await setup();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => addCredential(actors.owner, app.id, "stripe", { apiKey: stripeKey() })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    }
    expect(await db.auditEvent.count({ where: { action: "credential.added", merchantId: actors.owner.merchantId } })).toBe(1);
  });

  it("configures with PUT semantics: add, then replace whole", async () => {
    const { actors, app } = await setup();
    const first = await configureCredential(actors.owner, app.id, "adyen", { apiKey: `AQE${randomBase62(60)}`, merchantAccount: "One" });
    expect(first.created).toBe(true);
    const second = await configureCredential(actors.owner, app.id, "adyen", { apiKey: `AQE${randomBase62(60)}`, merchantAccount: "Two" });
    expect(second).toMatchObject({ created: false, credential: { publicFields: { merchantAccount: "Two" } } });
    expect(second.credential.rotatedAt).not.toBeNull();
  });

  it("rotating or removing a provider that is not configured is not found", async () => {
    const { actors, app } = await setup();
    await expect(rotateCredential(actors.owner, app.id, "stripe", { apiKey: stripeKey() })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeCredential(actors.owner, app.id, "stripe")).rejects.toMatchObject({ code: "not_found" });
    await expect(getCredential(actors.owner, app.id, "mollie")).rejects.toMatchObject({ code: "not_found" });
  });

  it("removes a credential with an audit event", async () => {
    const { actors, app } = await setup();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: `sk_test_${randomBase62(28)}7777` });
    const removed = await removeCredential(actors.developer, app.id, "stripe");
    expect(removed.mask).toBe("sk_test_…7777");
    expect(await listCredentials(actors.owner, app.id)).toEqual([]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "credential.removed", merchantId: actors.owner.merchantId } });
    expect(event).toMatchObject({ actorLabel: actors.developer.label, targetId: removed.id });
  });

  it("keeps other merchants' applications out of reach", async () => {
    const { actors, app } = await setup();
    await addCredential(actors.owner, app.id, "stripe", { apiKey: stripeKey() });
    const other = await makeMerchant("Other");
    const intruder = other.actors.owner;
    await expect(listCredentials(intruder, app.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(addCredential(intruder, app.id, "adyen", { apiKey: `AQE${randomBase62(60)}`, merchantAccount: "x1" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(rotateCredential(intruder, app.id, "stripe", { apiKey: stripeKey() })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeCredential(intruder, app.id, "stripe")).rejects.toMatchObject({ code: "not_found" });
    await expect(decryptCredential(intruder, app.id, "stripe")).rejects.toMatchObject({ code: "not_found" });
    expect(await listCredentials(actors.owner, app.id)).toHaveLength(1);
  });
});

describe("who may manage credentials", () => {
  it("lets developers manage test applications only, viewers nothing, impersonating staff only look", async () => {
    const { actors, app } = await setup("test");
    const live = await createApplication(actors.owner, { name: "Live", environment: "live" });
    await addCredential(actors.developer, app.id, "stripe", { apiKey: stripeKey() });
    await expect(addCredential(actors.developer, live.id, "stripe", { apiKey: stripeKey("live") })).rejects.toMatchObject({
      code: "forbidden",
      message: "Your role (developer) cannot manage live applications",
    });
    await expect(rotateCredential(actors.viewer, app.id, "stripe", { apiKey: stripeKey() })).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeCredential(actors.viewer, app.id, "stripe")).rejects.toMatchObject({ code: "forbidden" });
    const staff = impersonating(actors.owner);
    expect(await listCredentials(staff, app.id)).toHaveLength(1);
    for (const attempt of [
      () => addCredential(staff, live.id, "stripe", { apiKey: stripeKey("live") }),
      () => rotateCredential(staff, app.id, "stripe", { apiKey: stripeKey() }),
      () => removeCredential(staff, app.id, "stripe"),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("Support staff cannot") });
    }
    expect(await listCredentials(actors.owner, app.id)).toHaveLength(1);
  });

  it("lets API keys reach only their own environment's applications", async () => {
    const { actors, app } = await setup("test");
    const live = await createApplication(actors.owner, { name: "Live", environment: "live" });
    const key = {
      kind: "api_key",
      keyId: "key_00000000000000000000",
      label: "sk_test_abcd",
      merchantId: actors.owner.merchantId,
      keyType: "restricted",
      environment: "test",
      scopes: ["applications:write"],
    } as const;
    const actor = { ...key, scopes: [...key.scopes] };
    await addCredential(actor, app.id, "stripe", { apiKey: stripeKey() });
    await expect(addCredential(actor, live.id, "stripe", { apiKey: stripeKey("live") })).rejects.toMatchObject({ code: "not_found" });
    const readOnly = { ...actor, scopes: ["applications:read"] };
    expect(await listCredentials(readOnly, app.id)).toHaveLength(1);
    await expect(removeCredential(readOnly, app.id, "stripe")).rejects.toMatchObject({ code: "forbidden" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "credential.added", merchantId: actors.owner.merchantId } });
    expect(event).toMatchObject({ actorType: "api_key", actorId: key.keyId });
  });
});
