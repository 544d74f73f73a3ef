import "server-only";
import { z } from "zod";
import { db, type Tx } from "@/lib/db";
import { afterCursor, cursorPage, newestFirst, type CursorPage } from "@/lib/db/cursor";
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from "@/lib/generated/sqlite/client";
import { ENVIRONMENTS, asEnvironment, type Environment } from "@/lib/api-keys/kinds";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { requireRecentVerificationFor } from "@/lib/auth/step-up";
import { now } from "@/lib/clock";
import { conflict, notFound, ServiceError } from "@/lib/errors";
import { enqueueEvent } from "@/lib/events/outbox";
import { newEventObjectId } from "@/lib/events/ids";
import { TEST_EVENT_TYPE, type EventType } from "@/lib/events/types";
import { isPrivateHost, privateAddressesAllowed } from "./address";
import { authorizeWebhook, canDoWebhookOperation, findOwnEndpoint, parseEndpointId, parseInput } from "./access";
import {
  DEFAULT_SECRET_OVERLAP_SECONDS,
  createWebhookEndpointSchema,
  rollWebhookSecretSchema,
  updateWebhookEndpointSchema,
  webhookDeliveryIdSchema,
  listDeliveriesQuerySchema,
  listEndpointsQuerySchema,
  type CreateWebhookEndpointInput,
  type RollWebhookSecretInput,
  type UpdateWebhookEndpointInput,
} from "@/lib/validations/webhook";
import { decodeEventTypes } from "./json-columns";
import { newSigningSecret, sealSigningSecret } from "./secret";

export type EndpointView = {
  id: string;
  url: string;
  description: string | null;
  environment: Environment;
  eventTypes: EventType[];
  enabled: boolean;
  disabledAt: Date | null;
  /** "merchant" (turned off) or "failing" (3 days of failed deliveries). */
  disabledReason: "merchant" | "failing" | null;
  failingSince: Date | null;
  /** While set, the previous secret signs too. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type AttemptView = {
  number: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
};

export type DeliveryView = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  occurredAt: Date;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  createdAt: Date;
  attemptLog: AttemptView[];
};

export function toEndpointView(row: WebhookEndpoint, at = now()): EndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    environment: asEnvironment(row.environment),
    eventTypes: decodeEventTypes(row.eventTypes),
    enabled: row.disabledAt === null,
    disabledAt: row.disabledAt,
    disabledReason: (row.disabledReason as EndpointView["disabledReason"]) ?? null,
    failingSince: row.failingSince,
    previousSecretExpiresAt: row.previousSecretExpiresAt && row.previousSecretExpiresAt > at ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toAttemptView(a: WebhookAttempt): AttemptView {
  return { number: a.number, startedAt: a.startedAt, durationMs: a.durationMs, statusCode: a.statusCode, error: a.error, responseBody: a.responseBody };
}

function toDeliveryView(d: WebhookDelivery & { event: { type: string; occurredAt: Date }; attemptLog: WebhookAttempt[] }): DeliveryView {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.event.type,
    occurredAt: d.event.occurredAt,
    status: d.status as DeliveryView["status"],
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
    lastAttemptAt: d.lastAttemptAt,
    lastStatusCode: d.lastStatusCode,
    createdAt: d.createdAt,
    attemptLog: d.attemptLog.map(toAttemptView),
  };
}

/** Private and loopback hosts are refused unless the operator allows them; names are checked again at connect time. */
function assertReachableUrl(url: string): void {
  if (privateAddressesAllowed()) return;
  if (isPrivateHost(new URL(url).hostname)) {
    throw new ServiceError("validation", "Some fields are invalid", {
      url: ["This URL points to a private or loopback address, which webhooks may not reach on this server"],
    });
  }
}

const endpointAudit = (row: WebhookEndpoint) => ({ targetType: "webhook_endpoint", targetId: row.id, environment: asEnvironment(row.environment) });

// ---- endpoints ------------------------------------------------------------


export type EndpointPage = CursorPage<EndpointView>;

/** The merchant's endpoints, newest first; an API key sees its own environment's only. */
export async function listEndpoints(actor: Actor, query: z.input<typeof listEndpointsQuerySchema> = {}): Promise<EndpointPage> {
  const q = parseInput(listEndpointsQuerySchema, query);
  const environment = actor.kind === "api_key" ? actor.environment : q.environment;
  authorizeWebhook(actor, "read", environment ?? "test");
  if (actor.kind === "api_key" && q.environment && q.environment !== actor.environment) return { items: [], hasMore: false, nextCursor: null };
  const scope = { merchantId: actor.merchantId, ...(environment ? { environment } : {}) };
  const cursor = q.startingAfter ? await db.webhookEndpoint.findFirst({ where: { ...scope, id: q.startingAfter } }) : null;
  if (q.startingAfter && !cursor) throw notFound("No such webhook endpoint");
  const rows = await db.webhookEndpoint.findMany({
    where: {
      ...scope,
      ...afterCursor(cursor),
    },
    orderBy: newestFirst(),
    take: q.limit + 1,
  });
  const at = now();
  return cursorPage(rows, q.limit, (r) => toEndpointView(r, at));
}

export async function getEndpoint(actor: Actor, id: string): Promise<EndpointView> {
  const row = await findOwnEndpoint(db, actor, parseEndpointId(id));
  authorizeWebhook(actor, "read", asEnvironment(row.environment));
  return toEndpointView(row);
}

/** Creates an endpoint; its signing secret is returned here once and never again. */
export async function createEndpoint(actor: Actor, input: CreateWebhookEndpointInput): Promise<{ endpoint: EndpointView; secret: string }> {
  const data = parseInput(createWebhookEndpointSchema, input);
  authorizeWebhook(actor, "write", data.environment);
  assertReachableUrl(data.url);
  requireRecentVerificationFor(actor, data.environment);
  const id = newEventObjectId("we");
  const secret = newSigningSecret();
  const at = now();
  return db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.create({
      data: {
        id,
        merchantId: actor.merchantId,
        environment: data.environment,
        url: data.url,
        description: data.description || null,
        eventTypes: JSON.stringify(data.eventTypes),
        disabledAt: data.enabled === false ? at : null,
        disabledReason: data.enabled === false ? "merchant" : null,
        secret: sealSigningSecret(actor.merchantId, id, secret),
        createdAt: at,
      },
    });
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.created",
      ...endpointAudit(row),
      changes: { url: row.url, eventTypes: data.eventTypes, enabled: data.enabled !== false },
    });
    return { endpoint: toEndpointView(row, at), secret };
  });
}

export async function updateEndpoint(actor: Actor, id: string, input: UpdateWebhookEndpointInput): Promise<EndpointView> {
  const endpointId = parseEndpointId(id);
  const data = parseInput(updateWebhookEndpointSchema, input);
  if (data.url !== undefined) assertReachableUrl(data.url);
  return db.$transaction(async (tx) => {
    const row = await findOwnEndpoint(tx, actor, endpointId);
    const environment = asEnvironment(row.environment);
    authorizeWebhook(actor, "write", environment);
    const at = now();
    const changes: Record<string, [unknown, unknown]> = {};
    const next: Partial<WebhookEndpoint> = {};
    if (data.url !== undefined && data.url !== row.url) {
      // Redirecting a live endpoint's events elsewhere is as sensitive as reading them.
      requireRecentVerificationFor(actor, environment);
      changes.url = [row.url, data.url];
      next.url = data.url;
    }
    if (data.description !== undefined && (data.description || null) !== row.description) {
      changes.description = [row.description, data.description || null];
      next.description = data.description || null;
    }
    if (data.eventTypes !== undefined) {
      const before = decodeEventTypes(row.eventTypes);
      if (before.join(",") !== data.eventTypes.join(",")) {
        changes.eventTypes = [before, data.eventTypes];
        next.eventTypes = JSON.stringify(data.eventTypes);
      }
    }
    if (data.enabled !== undefined && data.enabled !== (row.disabledAt === null)) {
      changes.enabled = [row.disabledAt === null, data.enabled];
      Object.assign(next, data.enabled ? { disabledAt: null, disabledReason: null, failingSince: null } : { disabledAt: at, disabledReason: "merchant" });
    }
    if (Object.keys(changes).length === 0) return toEndpointView(row, at);
    const updated = await tx.webhookEndpoint.update({ where: { id: row.id }, data: next });
    await recordAudit(tx, actor, { action: "webhook_endpoint.updated", ...endpointAudit(row), changes });
    return toEndpointView(updated, at);
  });
}

/** Deletes an endpoint with its deliveries and their log. */
export async function deleteEndpoint(actor: Actor, id: string): Promise<{ id: string; url: string }> {
  const endpointId = parseEndpointId(id);
  return db.$transaction(async (tx) => {
    const row = await findOwnEndpoint(tx, actor, endpointId);
    authorizeWebhook(actor, "write", asEnvironment(row.environment));
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: row.id, merchantId: actor.merchantId } });
    if (count !== 1) throw notFound("No such webhook endpoint");
    await recordAudit(tx, actor, { action: "webhook_endpoint.deleted", ...endpointAudit(row), changes: { url: row.url } });
    return { id: row.id, url: row.url };
  });
}

/**
 * A new signing secret, returned once. The previous one keeps signing for
 * the overlap (default a day, 0 ends it now), so receivers can switch
 * without missing an event: meanwhile each request carries both signatures.
 */
export async function rollEndpointSecret(actor: Actor, id: string, input: RollWebhookSecretInput = {}): Promise<{ endpoint: EndpointView; secret: string }> {
  const endpointId = parseEndpointId(id);
  const data = parseInput(rollWebhookSecretSchema, input ?? {});
  const overlap = data.expirePreviousIn ?? DEFAULT_SECRET_OVERLAP_SECONDS;
  return db.$transaction(async (tx) => {
    const row = await findOwnEndpoint(tx, actor, endpointId);
    const environment = asEnvironment(row.environment);
    authorizeWebhook(actor, "write", environment);
    requireRecentVerificationFor(actor, environment);
    const at = now();
    const secret = newSigningSecret();
    const previousSecretExpiresAt = overlap > 0 ? new Date(at.getTime() + overlap * 1000) : null;
    // Conditional on the secret read: of two concurrent rolls, one wins and the other is told.
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: row.id, secret: row.secret },
      data: {
        secret: sealSigningSecret(row.merchantId, row.id, secret),
        previousSecret: overlap > 0 ? row.secret : null,
        previousSecretExpiresAt,
      },
    });
    if (count !== 1) throw conflict("The secret was rolled at the same time; try again");
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.secret_rolled",
      ...endpointAudit(row),
      changes: { previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null, overlapSeconds: overlap },
    });
    const updated = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: row.id } });
    return { endpoint: toEndpointView(updated, at), secret };
  });
}

// ---- deliveries ---------------------------------------------------------

async function createDelivery(tx: Tx, endpoint: WebhookEndpoint, eventId: string, at: Date): Promise<string> {
  const id = newEventObjectId("whd");
  await tx.webhookDelivery.create({
    data: { id, merchantId: endpoint.merchantId, endpointId: endpoint.id, eventId, status: "pending", nextAttemptAt: at, createdAt: at },
  });
  return id;
}

function assertEnabled(row: WebhookEndpoint): void {
  if (row.disabledAt) throw conflict("This endpoint is disabled; enable it first");
}

/** Queues a `webhook.test` event for this endpoint only (it is not emailed and nobody else receives it). */
export async function sendTestEvent(actor: Actor, id: string): Promise<DeliveryView> {
  const endpointId = parseEndpointId(id);
  const deliveryId = await db.$transaction(async (tx) => {
    const row = await findOwnEndpoint(tx, actor, endpointId);
    authorizeWebhook(actor, "write", asEnvironment(row.environment));
    assertEnabled(row);
    const at = now();
    const eventId = await enqueueEvent(tx, {
      merchantId: row.merchantId,
      environment: asEnvironment(row.environment),
      type: TEST_EVENT_TYPE,
      occurredAt: at,
      endpointId: row.id,
      emailed: true,
      data: { object: { type: "webhook_endpoint", id: row.id, url: row.url }, message: "A test event sent from Keyward." },
    });
    await tx.outboxEvent.update({ where: { id: eventId }, data: { fannedOutAt: at } });
    const deliveryId = await createDelivery(tx, row, eventId, at);
    await recordAudit(tx, actor, { action: "webhook_endpoint.test_sent", ...endpointAudit(row), changes: { event: eventId } });
    return deliveryId;
  });
  return getDelivery(actor, endpointId, deliveryId);
}

const deliveryInclude = {
  event: { select: { type: true, occurredAt: true } },
  attemptLog: { orderBy: { number: "desc" as const }, take: 20 },
};

async function getDelivery(actor: Actor, endpointId: string, deliveryId: string): Promise<DeliveryView> {
  const d = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, endpointId, merchantId: actor.merchantId },
    include: deliveryInclude,
  });
  if (!d) throw notFound("No such delivery");
  return toDeliveryView(d);
}


export type DeliveryPage = CursorPage<DeliveryView>;

/** An endpoint's deliveries, newest first, each with its latest attempts. */
export async function listDeliveries(actor: Actor, id: string, query: z.input<typeof listDeliveriesQuerySchema> = {}): Promise<DeliveryPage> {
  const endpointId = parseEndpointId(id);
  const q = parseInput(listDeliveriesQuerySchema, query);
  const row = await findOwnEndpoint(db, actor, endpointId);
  authorizeWebhook(actor, "read", asEnvironment(row.environment));
  const scope = { endpointId: row.id, merchantId: actor.merchantId };
  const cursor = q.startingAfter ? await db.webhookDelivery.findFirst({ where: { ...scope, id: q.startingAfter } }) : null;
  if (q.startingAfter && !cursor) throw notFound("No such delivery");
  const rows = await db.webhookDelivery.findMany({
    where: {
      ...scope,
      ...afterCursor(cursor),
    },
    include: deliveryInclude,
    orderBy: newestFirst(),
    take: q.limit + 1,
  });
  return cursorPage(rows, q.limit, toDeliveryView);
}

/**
 * Sends a delivery again now, with the same webhook-id. Refused while an
 * attempt is in flight (it would race it).
 */
export async function resendDelivery(actor: Actor, id: string, deliveryId: string): Promise<DeliveryView> {
  const endpointId = parseEndpointId(id);
  const parsed = webhookDeliveryIdSchema.safeParse(deliveryId);
  if (!parsed.success) throw notFound("No such delivery");
  await db.$transaction(async (tx) => {
    const row = await findOwnEndpoint(tx, actor, endpointId);
    authorizeWebhook(actor, "write", asEnvironment(row.environment));
    assertEnabled(row);
    const at = now();
    const d = await tx.webhookDelivery.findFirst({ where: { id: parsed.data, endpointId: row.id, merchantId: actor.merchantId } });
    if (!d) throw notFound("No such delivery");
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: d.id, OR: [{ leaseUntil: null }, { leaseUntil: { lte: at } }] },
      data: { status: "pending", nextAttemptAt: at, leaseOwner: null, leaseUntil: null },
    });
    if (count !== 1) throw conflict("This delivery is being attempted right now; try again in a moment");
    await recordAudit(tx, actor, { action: "webhook_endpoint.delivery_resent", ...endpointAudit(row), changes: { delivery: d.id, event: d.eventId } });
  });
  return getDelivery(actor, endpointId, parsed.data);
}

// ---- for the dashboard ---------------------------------------------------

export function webhookEnvironments(actor: Actor): { readable: Environment[]; writable: Environment[] } {
  return {
    readable: ENVIRONMENTS.filter((e) => canDoWebhookOperation(actor, "read", e)),
    writable: ENVIRONMENTS.filter((e) => canDoWebhookOperation(actor, "write", e)),
  };
}
