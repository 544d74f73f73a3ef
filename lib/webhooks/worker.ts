import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";
import { newEventObjectId } from "@/lib/events/ids";
import { decodeEventData } from "@/lib/events/json-columns";
import { MERCHANT_WIDE_EVENT_PREFIXES } from "@/lib/events/types";
import { emailEvent } from "@/lib/notifications/email";
import type { OutboxEvent, WebhookEndpoint } from "@/lib/generated/sqlite/client";
import { privateAddressesAllowed } from "./address";
import { decodeEventTypes } from "./json-columns";
import { openSigningSecret, signatureHeader } from "./secret";
import { postWebhook, type SendResult } from "./send";

/**
 * The webhook worker. Every step keeps its state in the database, so a
 * restarted process carries on where another stopped, and several instances
 * can run it at once:
 *   1. fan-out: each new outbox event becomes one delivery per subscribed
 *      endpoint (claimed with a conditional update, so exactly once);
 *   2. email: each event is handed to the email notifier, then marked;
 *   3. delivery: due deliveries are leased with a conditional update (a
 *      worker that dies mid-delivery leaves a lease that expires, and the
 *      delivery is sent again with the same webhook-id: at least once),
 *      then POSTed, signed per Standard Webhooks. Failures are retried with
 *      exponential back-off for 3 days; an endpoint failing for 3 days is
 *      disabled and its owners told (audit log and dashboard).
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const RETRY_WINDOW_MS = 3 * 24 * HOUR_MS;
/** Longer than any attempt (10 s timeout) with room to record it. */
export const LEASE_MS = MINUTE_MS;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * HOUR_MS;

/** The wait after the n-th failed attempt: 30 s, 1 min, 2 min, … at most 6 hours. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_MS);
}

function subscribes(endpoint: WebhookEndpoint, event: OutboxEvent): boolean {
  const environment = event.environment ?? (MERCHANT_WIDE_EVENT_PREFIXES.some((p) => event.type.startsWith(p)) ? "live" : null);
  if (endpoint.environment !== environment) return false;
  return decodeEventTypes(endpoint.eventTypes).some((type) => type === event.type);
}

/** Turns new outbox events into deliveries; each event is fanned out once, by whichever worker claims it. */
export async function fanOutEvents(batch = 100): Promise<number> {
  const events = await db.outboxEvent.findMany({ where: { fannedOutAt: null }, orderBy: { createdAt: "asc" }, take: batch });
  let count = 0;
  for (const event of events) {
    await db.$transaction(async (tx) => {
      const at = now();
      const claimed = await tx.outboxEvent.updateMany({ where: { id: event.id, fannedOutAt: null }, data: { fannedOutAt: at } });
      if (claimed.count !== 1) return;
      count++;
      // Endpoints created after the event do not receive it; disabled endpoints miss it.
      const endpoints = await tx.webhookEndpoint.findMany({
        where: { merchantId: event.merchantId, disabledAt: null, createdAt: { lte: event.createdAt } },
      });
      const targets = endpoints.filter((e) => (event.endpointId ? e.id === event.endpointId : subscribes(e, event)));
      if (targets.length === 0) return;
      await tx.webhookDelivery.createMany({
        data: targets.map((e) => ({
          id: newEventObjectId("whd"),
          merchantId: event.merchantId,
          endpointId: e.id,
          eventId: event.id,
          status: "pending",
          nextAttemptAt: at,
          createdAt: at,
        })),
      });
    });
  }
  return count;
}

/** Hands events to the email notifier (idempotent per event and recipient) and marks them once it returns. */
export async function emailPendingEvents(batch = 50): Promise<number> {
  const events = await db.outboxEvent.findMany({ where: { emailedAt: null }, orderBy: { createdAt: "asc" }, take: batch });
  let count = 0;
  for (const e of events) {
    try {
      await emailEvent({
        id: e.id,
        type: e.type,
        merchantId: e.merchantId,
        environment: e.environment === "test" || e.environment === "live" ? e.environment : null,
        occurredAt: e.occurredAt,
        data: decodeEventData(e.data),
      });
    } catch (err) {
      console.error("keyward: could not email an event:", err instanceof Error ? err.name : "unknown error");
      continue;
    }
    await db.outboxEvent.updateMany({ where: { id: e.id, emailedAt: null }, data: { emailedAt: now() } });
    count++;
  }
  return count;
}

/** The request body: the same bytes for every attempt of an event. */
export function webhookPayload(event: OutboxEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    environment: event.environment,
    merchant: event.merchantId,
    data: decodeEventData(event.data),
  });
}

/** The secrets that sign now: the current one, and the previous one during a roll's overlap. */
function signingSecrets(endpoint: WebhookEndpoint, at: Date): string[] {
  const secrets = [openSigningSecret(endpoint.merchantId, endpoint.id, endpoint.secret)];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at) {
    secrets.push(openSigningSecret(endpoint.merchantId, endpoint.id, endpoint.previousSecret));
  }
  return secrets;
}

/** Leases up to `batch` due deliveries for `owner`; a delivery is leased by one worker at a time. */
async function claimDue(owner: string, batch: number): Promise<string[]> {
  const at = now();
  const candidates = await db.webhookDelivery.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: at },
      OR: [{ leaseUntil: null }, { leaseUntil: { lte: at } }],
      endpoint: { disabledAt: null },
    },
    orderBy: { nextAttemptAt: "asc" },
    take: batch,
    select: { id: true },
  });
  const claimed: string[] = [];
  for (const { id } of candidates) {
    // Re-checked by the database: of two workers, only one update matches.
    const { count } = await db.webhookDelivery.updateMany({
      where: { id, status: "pending", OR: [{ leaseUntil: null }, { leaseUntil: { lte: at } }] },
      data: { leaseOwner: owner, leaseUntil: new Date(at.getTime() + LEASE_MS) },
    });
    if (count === 1) claimed.push(id);
  }
  return claimed;
}

async function attempt(deliveryId: string, owner: string): Promise<void> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true, event: true } });
  if (!delivery || delivery.leaseOwner !== owner) return;
  const { endpoint, event } = delivery;
  const payload = webhookPayload(event);
  // The signature's timestamp is the real send time (receivers reject stale ones), whatever the domain clock says.
  const sentAt = new Date();
  let result: SendResult;
  try {
    const headers = {
      "webhook-id": event.id,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": signatureHeader(signingSecrets(endpoint, now()), event.id, sentAt, payload),
    };
    result = await postWebhook(endpoint.url, payload, headers, { allowPrivate: privateAddressesAllowed() });
  } catch (err) {
    result = { statusCode: null, error: err instanceof Error && err.name === "DecryptionError" ? "signing secret unavailable" : "could not send", body: "", durationMs: 0 };
  }
  await recordAttempt(delivery, endpoint, owner, result);
}

async function recordAttempt(
  delivery: { id: string; attempts: number; createdAt: Date; merchantId: string },
  endpoint: WebhookEndpoint,
  owner: string,
  result: SendResult,
): Promise<void> {
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  await db.$transaction(async (tx) => {
    const at = now();
    const number = delivery.attempts + 1;
    await tx.webhookAttempt.create({
      data: {
        id: newEventObjectId("wha"),
        deliveryId: delivery.id,
        endpointId: endpoint.id,
        merchantId: delivery.merchantId,
        number,
        startedAt: new Date(at.getTime() - result.durationMs),
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        responseBody: result.body || null,
      },
    });
    const giveUp = !ok && at.getTime() - delivery.createdAt.getTime() >= RETRY_WINDOW_MS;
    await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, leaseOwner: owner },
      data: {
        attempts: number,
        lastAttemptAt: at,
        lastStatusCode: result.statusCode,
        leaseOwner: null,
        leaseUntil: null,
        status: ok ? "succeeded" : giveUp ? "failed" : "pending",
        nextAttemptAt: ok || giveUp ? null : new Date(at.getTime() + backoffMs(number)),
      },
    });
    if (ok) {
      await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } });
      return;
    }
    await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: at } });
    const current = await tx.webhookEndpoint.findUnique({ where: { id: endpoint.id }, select: { failingSince: true } });
    if (!current?.failingSince || at.getTime() - current.failingSince.getTime() < RETRY_WINDOW_MS) return;
    const disabled = await tx.webhookEndpoint.updateMany({
      where: { id: endpoint.id, disabledAt: null },
      data: { disabledAt: at, disabledReason: "failing" },
    });
    if (disabled.count === 1) {
      await recordAudit(tx, null, {
        merchantId: endpoint.merchantId,
        action: "webhook_endpoint.disabled",
        targetType: "webhook_endpoint",
        targetId: endpoint.id,
        environment: endpoint.environment === "live" ? "live" : "test",
        changes: { url: endpoint.url, reason: "failing", failingSince: current.failingSince.toISOString() },
      });
    }
  });
}

/** Leases and sends the due deliveries, several at a time. */
export async function deliverDue(owner: string, batch = 10): Promise<number> {
  const claimed = await claimDue(owner, batch);
  await Promise.all(claimed.map((id) => attempt(id, owner)));
  return claimed.length;
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** One pass of every step; tests call it directly, the server runs it on a timer. */
export async function runWebhookWorkerOnce(owner = newWorkerId()): Promise<{ fannedOut: number; emailed: number; attempted: number }> {
  const fannedOut = await fanOutEvents();
  const emailed = await emailPendingEvents();
  const attempted = await deliverDue(owner);
  return { fannedOut, emailed, attempted };
}

/** Starts the worker in this process (once): every KEYWARD_WEBHOOK_POLL_MS (default 1000 ms). */
export function startWebhookWorker(): void {
  const g = globalThis as unknown as { keywardWebhookWorker?: NodeJS.Timeout };
  if (g.keywardWebhookWorker) return;
  const owner = newWorkerId();
  const interval = Math.max(100, Number(process.env.KEYWARD_WEBHOOK_POLL_MS) || 1000);
  let running = false;
  g.keywardWebhookWorker = setInterval(() => {
    if (running) return;
    running = true;
    runWebhookWorkerOnce(owner)
      .catch((err: unknown) => console.error("keyward: webhook worker failed:", err instanceof Error ? err.name : "unknown error"))
      .finally(() => (running = false));
  }, interval);
  g.keywardWebhookWorker.unref?.();
}
