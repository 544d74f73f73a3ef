import "server-only";
import { db } from "@/lib/db";
import { afterCursor, cursorPage, newestFirst, type CursorPage } from "@/lib/db/cursor";
import type { Application, ProviderCredential } from "@/lib/generated/sqlite/client";
import { asEnvironment, type Environment } from "@/lib/api-keys/kinds";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { PROVIDER_NAMES } from "@/lib/credentials/providers";
import { toCredentialView, type CredentialView } from "@/lib/credentials/view";
import { ENVIRONMENTS } from "@/lib/api-keys/format";
import {
  createApplicationSchema,
  listApplicationsQuerySchema,
  updateApplicationSchema,
  type CreateApplicationInput,
  type ListApplicationsQuery,
  type UpdateApplicationInput,
} from "@/lib/validations/application";
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
    environment: asEnvironment(row.environment),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    providers: credentials.map(toCredentialView).sort(byCatalogOrder),
  };
}


export type ApplicationPage = CursorPage<ApplicationView>;

/** The merchant's applications, newest first. API keys see only their own environment's. */
export async function listApplications(actor: Actor, query: ListApplicationsQuery = {}): Promise<ApplicationPage> {
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
      ...afterCursor(cursor),
    },
    include: { credentials: true },
    orderBy: newestFirst(),
    take: q.limit + 1,
  });
  return cursorPage(rows, q.limit, (r) => toApplicationView(r, r.credentials));
}

export async function getApplication(actor: Actor, id: string): Promise<ApplicationView> {
  const appId = parseApplicationId(id);
  const row = await findOwnApplication(db, actor, appId);
  authorizeApplication(actor, "read", asEnvironment(row.environment));
  const credentials = await db.providerCredential.findMany({
    where: { applicationId: row.id, merchantId: actor.merchantId },
  });
  return toApplicationView(row, credentials);
}

export async function createApplication(actor: Actor, input: CreateApplicationInput): Promise<ApplicationView> {
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
export async function updateApplication(actor: Actor, id: string, input: UpdateApplicationInput): Promise<ApplicationView> {
  const appId = parseApplicationId(id);
  const data = parseInput(updateApplicationSchema, input);
  return db.$transaction(async (tx) => {
    const row = await findOwnApplication(tx, actor, appId);
    authorizeApplication(actor, "rename", asEnvironment(row.environment));
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
export async function deleteApplication(actor: Actor, id: string): Promise<{ id: string; name: string; removedProviders: string[] }> {
  const appId = parseApplicationId(id);
  return db.$transaction(async (tx) => {
    const row = await findOwnApplication(tx, actor, appId);
    authorizeApplication(actor, "delete", asEnvironment(row.environment));
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
