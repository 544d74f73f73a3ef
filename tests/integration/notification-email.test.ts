/**
 * Email notifications against a real SMTP server in this process: who gets
 * mail for an event (their preferences, live-only choices), once per event
 * and recipient however often the event is handed over, nothing without
 * SMTP_URL, and never a secret in a mail.
 */
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { createApiKey } from "@/lib/api-keys/service";
import { processLeakReports } from "@/lib/leaked-keys/service";
import { emailEvent, type NotifiableEvent } from "@/lib/notifications/email";
import { saveEmailPreferences } from "@/lib/notifications/preferences";
import type { SignedInUser } from "@/lib/auth/session";
import { makeMerchant } from "../support/fixtures";

type Mail = { from: string; to: string[]; raw: string; subject: string; body: string };

/** Quoted-printable to text: soft line breaks joined, =XX bytes decoded as UTF-8. */
function fromQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === "=" ? /^[0-9A-F]{2}$/i.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The subject and text body of a single-part message as sent, decoded. */
function decode(raw: string): { subject: string; body: string } {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? "";
  const subject = subjectLine
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : fromQuotedPrintable(text.replace(/_/g, " ")),
    )
    .trim();
  const body = rest.join("\n\n");
  return { subject, body: /quoted-printable/i.test(unfolded) ? fromQuotedPrintable(body) : body };
}
const received: Mail[] = [];
/** Recipients the server refuses once (then accepts), to see a failed send retried. */
const refuseOnce = new Set<string>();
let server: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseOnce.delete(address.address)) return callback(new Error("Mailbox busy, try later"));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          ...decode(Buffer.concat(chunks).toString("utf8")),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The environment as this file found it, put back after each test (files of a worker share it). */
const savedEnv = { SMTP_URL: process.env.SMTP_URL, APP_URL: process.env.APP_URL };

afterEach(() => {
  received.length = 0;
  refuseOnce.clear();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function member(merchantId: string, role: "owner" | "developer", label: string) {
  const user = await db.user.create({
    data: { id: newId("usr"), email: `${label}-${merchantId}@example.test`.toLowerCase(), name: label, passwordHash: "x" },
  });
  const membership = await db.membership.create({ data: { id: newId("mem"), userId: user.id, merchantId, role } });
  const signedIn: SignedInUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    staffRole: null,
    impersonationId: null,
    sessionId: "ses_test",
    verifiedAt: new Date(),
    hasSecondFactor: false,
  };
  return { email: user.email, userId: user.id, membershipId: membership.id, signedIn };
}

/** The event the outbox hands over for a leak: built from the audit event the revocation wrote. */
async function leakEvent(merchantId: string, keyId: string): Promise<NotifiableEvent> {
  const audit = await db.auditEvent.findFirstOrThrow({ where: { merchantId, targetId: keyId, action: "api_key.leak_reported_revoked" } });
  const key = await db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
  return {
    id: audit.id,
    type: "api_key.leaked",
    merchantId,
    environment: audit.environment as "live",
    occurredAt: audit.createdAt,
    data: { ...(JSON.parse(audit.changes) as Record<string, unknown>), api_key: { id: key.id, name: key.name, prefix: key.prefix } },
  };
}

async function leakedLiveKey() {
  const m = await makeMerchant("Mail merchant", ["owner"]);
  const created = await createApiKey(m.actors.owner, { name: "Checkout server", type: "secret", environment: "live" }, "response");
  const [result] = await processLeakReports(
    [{ token: created.secret, type: "keyward_secret_key", url: "https://github.com/octo/app/blob/main/.env", source: "content" }],
    "github",
  );
  expect(result!.outcome).toBe("revoked");
  return { m, key: created.key, secret: created.secret, event: await leakEvent(m.merchant.id, created.key.id) };
}

describe("emailEvent", () => {

  it("emails a leaked live key to the owners who chose it, once, and not to those who did not", async () => {
    const { m, key, secret, event } = await leakedLiveKey();
    const defaults = await member(m.merchant.id, "owner", "owner-defaults");
    const optedOut = await member(m.merchant.id, "owner", "owner-opted-out");
    await saveEmailPreferences(optedOut.signedIn, { membershipId: optedOut.membershipId, events: { "api_key.expiring": "all" } });
    const liveOnly = await member(m.merchant.id, "developer", "dev-live-only");
    await saveEmailPreferences(liveOnly.signedIn, { membershipId: liveOnly.membershipId, events: { "api_key.leaked": "live" } });
    process.env.SMTP_URL = smtpUrl;
    process.env.APP_URL = "https://keyward.example.com/some/path";
    // A payload carrying a secret by mistake: it must not reach a mailbox.
    const withSecret = { ...event, data: { ...event.data, secret, note: `rotate ${secret}` } };

    await emailEvent(withSecret);
    // The outbox may hand the same event over again: nobody is mailed twice.
    await emailEvent(withSecret);

    const recipients = received.flatMap((r) => r.to).sort();
    // The fixture's own owner keeps the defaults too.
    expect(recipients).toEqual([defaults.email, liveOnly.email, m.actors.owner.label].sort());
    expect(recipients).not.toContain(optedOut.email);
    for (const mail of received) {
      expect(mail.subject).toBe("[Keyward] The live key “Checkout server” was found in public and revoked");
      expect(mail.body).toContain(`Key: Checkout server (${key.prefix}…)`);
      expect(mail.body).toContain("https://github.com/octo/app/blob/main/.env");
      expect(mail.body).toContain(`Open the key: https://keyward.example.com/keys/${key.id}`);
      for (const text of [mail.raw, mail.subject, mail.body]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(secret.slice(8, 30));
      }
    }
    expect(await db.notificationEmail.count({ where: { eventId: event.id, sentAt: { not: null } } })).toBe(3);
  });

  it("keeps live-only choices to live events", async () => {
    const m = await makeMerchant("Mail test env", ["owner"]);
    const key = await createApiKey(m.actors.owner, { name: "Sandbox", type: "secret", environment: "test" }, "response");
    process.env.SMTP_URL = smtpUrl;
    const base = { merchantId: m.merchant.id, occurredAt: new Date(), data: { api_key: { id: key.key.id, name: "Sandbox", prefix: key.key.prefix }, ip: "203.0.113.9" } };
    // The default for a new IP is live keys only.
    await emailEvent({ ...base, id: newId("evt"), type: "api_key.used_from_new_ip", environment: "test" });
    expect(received).toEqual([]);
    await emailEvent({ ...base, id: newId("evt"), type: "api_key.used_from_new_ip", environment: "live" });
    expect(received.map((r) => r.to)).toEqual([[m.actors.owner.label]]);
    expect(received[0]!.subject).toBe("[Keyward] The live key “Sandbox” was used from a new IP address (203.0.113.9)");
    // Types nobody chose (and unknown ones) send nothing.
    received.length = 0;
    await emailEvent({ ...base, id: newId("evt"), type: "api_key.created", environment: "live" });
    await emailEvent({ ...base, id: newId("evt"), type: "something.else", environment: "live" });
    expect(received).toEqual([]);
  });

  it("sends nothing and records nothing without SMTP_URL", async () => {
    delete process.env.SMTP_URL;
    const { event } = await leakedLiveKey();
    await emailEvent(event);
    expect(received).toEqual([]);
    expect(await db.notificationEmail.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("gives a failed recipient back, so handing the event over again mails them (and only them)", async () => {
    const { m, event } = await leakedLiveKey();
    const busy = await member(m.merchant.id, "owner", "owner-busy");
    process.env.SMTP_URL = smtpUrl;
    refuseOnce.add(busy.email);
    await expect(emailEvent(event)).rejects.toThrow(/Could not send 1 notification email/);
    expect(received.flatMap((r) => r.to)).toEqual([m.actors.owner.label]);
    received.length = 0;
    await emailEvent(event);
    expect(received.flatMap((r) => r.to)).toEqual([busy.email]);
  });
});
