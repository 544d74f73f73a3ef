import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { now } from "@/lib/clock";
import { emailContent } from "./email-content";
import { emailEventType, wantsEmail } from "./event-types";
import { decodePreferences } from "./preferences";

/**
 * Emails about events (a leaked key revoked, a key used from a new IP…) to
 * the merchant's members who chose the event type in their notification
 * preferences. Called for each event of the outbox, possibly more than once
 * for the same event: a sent-log row per (event, recipient) makes it send
 * each mail once. Without SMTP_URL nothing is sent.
 */

export type NotifiableEvent = {
  id: string;
  type: string;
  merchantId: string;
  environment: "test" | "live" | null;
  occurredAt: Date;
  data: Record<string, unknown>;
};

/** A claim older than this without a sent mail is taken to have died mid-send, and is taken again. */
const STALE_CLAIM_MS = 10 * 60_000;
const DEFAULT_FROM = "Keyward <notifications@keyward.localhost>";

export function emailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

let cached: { url: string; transport: Transporter } | null = null;

function transport(url: string): Transporter {
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

function dashboardUrl(): string | null {
  const raw = process.env.APP_URL;
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** Takes the right to mail this recipient about this event; false when another run has it (or has sent it). */
async function claim(eventId: string, userId: string): Promise<boolean> {
  const at = now();
  try {
    await db.notificationEmail.create({ data: { eventId, userId, claimedAt: at } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const { count } = await db.notificationEmail.updateMany({
    where: { eventId, userId, sentAt: null, claimedAt: { lt: new Date(at.getTime() - STALE_CLAIM_MS) } },
    data: { claimedAt: at },
  });
  return count === 1;
}

export async function emailEvent(event: NotifiableEvent): Promise<void> {
  const url = process.env.SMTP_URL;
  if (!url || !emailEventType(event.type)) return;
  const members = await db.membership.findMany({
    where: { merchantId: event.merchantId },
    orderBy: { createdAt: "asc" },
    select: {
      user: { select: { id: true, email: true, name: true } },
      merchant: { select: { name: true } },
      notificationPreference: { select: { emailEvents: true } },
    },
  });
  const recipients = members.filter((m) => wantsEmail(decodePreferences(m.notificationPreference?.emailEvents), event.type, event.environment));
  if (recipients.length === 0) return;
  const content = emailContent(event, recipients[0]!.merchant.name, dashboardUrl());
  const from = process.env.SMTP_FROM || DEFAULT_FROM;
  let failures = 0;
  for (const { user } of recipients) {
    if (!(await claim(event.id, user.id))) continue;
    try {
      await transport(url).sendMail({ from, to: { name: user.name, address: user.email }, subject: content.subject, text: content.text });
      await db.notificationEmail.update({ where: { eventId_userId: { eventId: event.id, userId: user.id } }, data: { sentAt: now() } });
    } catch {
      // Give the claim back so that the next delivery of this event retries this recipient.
      await db.notificationEmail.deleteMany({ where: { eventId: event.id, userId: user.id, sentAt: null } });
      failures += 1;
    }
  }
  if (failures > 0) throw new Error(`Could not send ${failures} notification email${failures === 1 ? "" : "s"} for event ${event.id}`);
}
