import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Application, ProviderCredential } from "@/lib/generated/sqlite/client";
import type { Environment } from "@/lib/api-keys/format";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { PROVIDER_NAMES } from "@/lib/credentials/providers";
import { toCredentialView, type CredentialView } from "@/lib/credentials/view";
import { ENVIRONMENTS } from "@/lib/api-keys/format";
import { createApplicationSchema, updateApplicationSchema } from "@/lib/validations/application";
import {
  authorizeApplication,
  canDoApplicationOperation,
  findOwnApplication,
  parseApplicationId,
  parseInput,
} from "./access";

export type ApplicationView = {
  id: string;
  name: string;
  description: string | null;
  environment: Environment;
  createdAt: Date;
  updatedAt: Date;
  /** Its configured providers, in catalog order, masked. */
  providers: CredentialView[];
};

function byCatalogOrder(a: CredentialView, b: CredentialView): number {
  return PROVIDER_NAMES.indexOf(a.provider) - PROVIDER_NAMES.indexOf(b.provider);
}

export function toApplicationView(row: Application, credentials: ProviderCredential[]): ApplicationView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    environment: row.environment as Environment,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    providers: credentials.map(toCredentialView).sort(byCatalogOrder),
  };
}

export const listApplicationsQuerySchema = z
  .object({
    environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1).max(100).default(25),
    /** Id of the last application of the previous page (newest first). */
    startingAfter: z.string().regex(/^app_[0-9A-Za-z]{20}$/, "Not a valid application id").optional(),
  })
  .strict();

export type ApplicationPage = { items: ApplicationView[]; hasMore: boolean; nextCursor: string | null };

/** The merchant's applications, newest first. API keys see only their own environment's. */
export async function listApplications(actor: Actor, query: unknown = {}): Promise<ApplicationPage> {
  const q = parseInput(listApplicationsQuerySchema, query ?? {});
  const environment = actor.kind === "api_key" ? actor.environment : q.environment;
  authorizeApplication(actor, "read", environment ?? "test");
  if (actor.kind === "api_key" && q.environment && q.environment !== actor.environment) {
    return { items: [], hasMore: false, nextCursor: null };
  }
  const cursor = q.startingAfter
    ? await db.application.findFirst({
        where: { id: q.startingAfter, merchantId: actor.merchantId, ...(environment ? { environment } : {}) },
      })
    : null;
  if (q.startingAfter && !cursor) throw notFound("No such application");
  const rows = await db.application.findMany({
    where: {
      merchantId: actor.merchantId,
      ...(environment ? { environment } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    include: { credentials: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const hasMore = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map((r) => toApplicationView(r, r.credentials));
  return { items, hasMore, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}

export async function getApplication(actor: Actor, id: unknown): Promise<ApplicationView> {
  const appId = parseApplicationId(id);
  const row = await findOwnApplication(db, actor, appId);
  authorizeApplication(actor, "read", row.environment as Environment);
  const credentials = await db.providerCredential.findMany({
    where: { applicationId: row.id, merchantId: actor.merchantId },
  });
  return toApplicationView(row, credentials);
}

export async function createApplication(actor: Actor, input: unknown): Promise<ApplicationView> {
  const data = parseInput(createApplicationSchema, input);
  authorizeApplication(actor, "create", data.environment);
  return db.$transaction(async (tx) => {
    const row = await tx.application.create({
      data: {
        id: newId("app"),
        merchantId: actor.merchantId,
        name: data.name,
        description: data.description || null,
        environment: data.environment,
        createdAt: now(),
      },
    });
    await recordAudit(tx, actor, {
      action: "application.created",
      targetType: "application",
      targetId: row.id,
      changes: { name: row.name, description: row.description, environment: row.environment },
    });
    return toApplicationView(row, []);
  });
}

/** Renames an application or changes its description; its environment is fixed. */
export async function updateApplication(actor: Actor, id: unknown, input: unknown): Promise<ApplicationView> {
  const appId = parseApplicationId(id);
  const data = parseInput(updateApplicationSchema, input);
  return db.$transaction(async (tx) => {
    const row = await findOwnApplication(tx, actor, appId);
    authorizeApplication(actor, "rename", row.environment as Environment);
    const next = {
      name: data.name ?? row.name,
      description: data.description === undefined ? row.description : data.description || null,
    };
    const changes: Record<string, [unknown, unknown]> = {};
    if (next.name !== row.name) changes.name = [row.name, next.name];
    if (next.description !== row.description) changes.description = [row.description, next.description];
    const credentials = await tx.providerCredential.findMany({ where: { applicationId: row.id, merchantId: actor.merchantId } });
    if (Object.keys(changes).length === 0) return toApplicationView(row, credentials);
    const updated = await tx.application.update({ where: { id: row.id }, data: next });
    await recordAudit(tx, actor, { action: "application.updated", targetType: "application", targetId: row.id, changes });
    return toApplicationView(updated, credentials);
  });
}

/** Deletes an application and every credential it holds, in one transaction with its audit event. */
export async function deleteApplication(actor: Actor, id: unknown): Promise<{ id: string; name: string; removedProviders: string[] }> {
  const appId = parseApplicationId(id);
  return db.$transaction(async (tx) => {
    const row = await findOwnApplication(tx, actor, appId);
    authorizeApplication(actor, "delete", row.environment as Environment);
    const credentials = await tx.providerCredential.findMany({
      where: { applicationId: row.id, merchantId: actor.merchantId },
      select: { provider: true },
    });
    await tx.providerCredential.deleteMany({ where: { applicationId: row.id, merchantId: actor.merchantId } });
    const { count } = await tx.application.deleteMany({ where: { id: row.id, merchantId: actor.merchantId } });
    if (count !== 1) throw notFound("No such application");
    const removedProviders = credentials.map((c) => c.provider).sort();
    await recordAudit(tx, actor, {
      action: "application.deleted",
      targetType: "application",
      targetId: row.id,
      changes: { name: row.name, environment: row.environment, removedProviders },
    });
    return { id: row.id, name: row.name, removedProviders };
  });
}

/** What the dashboard may offer this actor for an application of this environment. */
export function applicationAbilities(actor: Actor, environment: Environment) {
  return {
    rename: canDoApplicationOperation(actor, "rename", environment),
    delete: canDoApplicationOperation(actor, "delete", environment),
    writeCredentials: canDoApplicationOperation(actor, "write_credential", environment),
  };
}

export function creatableEnvironments(actor: Actor): Environment[] {
  return ENVIRONMENTS.filter((env) => canDoApplicationOperation(actor, "create", env));
}
