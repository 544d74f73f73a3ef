import "server-only";
import { requireRecentVerification } from "@/lib/auth/step-up";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import type { Application, ProviderCredential } from "@/lib/generated/sqlite/client";
import { asEnvironment, type Environment } from "@/lib/api-keys/kinds";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { conflict, isServiceError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import {
  actorLabel,
  authorizeApplication,
  findOwnApplication,
  parseApplicationId,
  parseInput,
} from "@/lib/applications/access";
import {
  credentialInputSchema,
  decryptPurposeSchema,
  providerNameSchema,
  rotateKeySchema,
  type CredentialFieldsInput,
} from "@/lib/validations/application";
import { openCredential, sealCredential, type CredentialContext } from "./envelope";
import { decodePublicFields } from "./json-columns";
import { PROVIDER_NAMES, maskSecret, type ProviderName } from "./providers";
import { toCredentialView, type CredentialView } from "./view";

function parseProvider(name: string): ProviderName {
  const result = providerNameSchema.safeParse(name);
  // An unknown provider name names nothing: answer as for a missing configuration.
  if (!result.success) throw notFound(`Unknown provider; choose one of ${PROVIDER_NAMES.join(", ")}`);
  return result.data;
}

function contextOf(app: Application, provider: ProviderName): CredentialContext {
  return { merchantId: app.merchantId, applicationId: app.id, provider };
}

export async function listCredentials(actor: Actor, applicationId: string): Promise<CredentialView[]> {
  const appId = parseApplicationId(applicationId);
  const app = await findOwnApplication(db, actor, appId);
  authorizeApplication(actor, "read", asEnvironment(app.environment));
  const rows = await db.providerCredential.findMany({ where: { applicationId: app.id, merchantId: actor.merchantId } });
  return rows
    .map(toCredentialView)
    .sort((a, b) => PROVIDER_NAMES.indexOf(a.provider) - PROVIDER_NAMES.indexOf(b.provider));
}

export async function getCredential(actor: Actor, applicationId: string, provider: string): Promise<CredentialView> {
  const appId = parseApplicationId(applicationId);
  const name = parseProvider(provider);
  const app = await findOwnApplication(db, actor, appId);
  authorizeApplication(actor, "read", asEnvironment(app.environment));
  const row = await db.providerCredential.findFirst({ where: { applicationId: app.id, merchantId: actor.merchantId, provider: name } });
  if (!row) throw notFound(`This application has no ${name} credentials`);
  return toCredentialView(row);
}

/**
 * What every credential write checks first: the application is the actor's,
 * the actor may write its environment's credentials, and confirmed it's them
 * recently. The transaction reads the application again.
 */
async function prepareCredentialWrite(actor: Actor, applicationId: string, provider: string) {
  const appId = parseApplicationId(applicationId);
  const name = parseProvider(provider);
  const probe = await findOwnApplication(db, actor, appId);
  const environment = asEnvironment(probe.environment);
  authorizeApplication(actor, "write_credential", environment);
  requireRecentVerification(actor);
  return { appId, name, environment };
}

/**
 * Stores a provider's credentials for an application. Only the sealed
 * envelope and a mask reach the database; a second add for the same
 * provider is a conflict (rotate instead), decided by the unique index.
 */
export async function addCredential(
  actor: Actor,
  applicationId: string,
  provider: string,
  input: CredentialFieldsInput,
): Promise<CredentialView> {
  const { appId, name, environment } = await prepareCredentialWrite(actor, applicationId, provider);
  const data = parseInput(credentialInputSchema(name, environment), input);
  try {
    return await db.$transaction(async (tx) => {
      const app = await findOwnApplication(tx, actor, appId);
      const at = now();
      const envelope = sealCredential(contextOf(app, name), data.apiKey);
      const row = await tx.providerCredential.create({
        data: {
          id: newId("cred"),
          merchantId: app.merchantId,
          applicationId: app.id,
          provider: name,
          publicFields: JSON.stringify(data.publicFields),
          ...envelope,
          mask: maskSecret(name, data.apiKey),
          setByLabel: actorLabel(actor),
          setAt: at,
          createdAt: at,
        },
      });
      await recordAudit(tx, actor, {
        action: "credential.added",
        targetType: "provider_credential",
        targetId: row.id,
        changes: { applicationId: app.id, provider: name, mask: row.mask, publicFields: data.publicFields },
      });
      return toCredentialView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict(`This application already has ${name} credentials; rotate or remove them instead`);
    }
    throw err;
  }
}

/**
 * Replaces a credential's secret (and, when given, its public fields) with a
 * fresh envelope: new data key, new ciphertext. The previous secret is
 * overwritten in the same statement, so no copy of it remains in the row.
 */
export async function rotateCredential(
  actor: Actor,
  applicationId: string,
  provider: string,
  input: CredentialFieldsInput,
  options: { publicFields?: boolean } = {},
): Promise<CredentialView> {
  const { appId, name, environment } = await prepareCredentialWrite(actor, applicationId, provider);
  const data = options.publicFields
    ? parseInput(credentialInputSchema(name, environment), input)
    : { ...parseInput(rotateKeySchema(name, environment), input), publicFields: undefined };
  return db.$transaction(async (tx) => {
    const app = await findOwnApplication(tx, actor, appId);
    const current = await tx.providerCredential.findFirst({
      where: { applicationId: app.id, merchantId: actor.merchantId, provider: name },
    });
    if (!current) throw notFound(`This application has no ${name} credentials to rotate; add them first`);
    const at = now();
    const mask = maskSecret(name, data.apiKey);
    const updated = await tx.providerCredential.update({
      where: { id: current.id },
      data: {
        ...sealCredential(contextOf(app, name), data.apiKey),
        mask,
        ...(data.publicFields ? { publicFields: JSON.stringify(data.publicFields) } : {}),
        setByLabel: actorLabel(actor),
        setAt: at,
        rotatedAt: at,
      },
    });
    const changes: Record<string, unknown> = { applicationId: app.id, provider: name, mask: [current.mask, mask] };
    if (data.publicFields && JSON.stringify(data.publicFields) !== current.publicFields) {
      changes.publicFields = [decodePublicFields(current.publicFields), data.publicFields];
    }
    await recordAudit(tx, actor, { action: "credential.rotated", targetType: "provider_credential", targetId: current.id, changes });
    return toCredentialView(updated);
  });
}

/** PUT semantics for the API: adds the configuration, or replaces it whole when it exists. */
export async function configureCredential(
  actor: Actor,
  applicationId: string,
  provider: string,
  input: CredentialFieldsInput,
): Promise<{ credential: CredentialView; created: boolean }> {
  const appId = parseApplicationId(applicationId);
  const name = parseProvider(provider);
  const app = await findOwnApplication(db, actor, appId);
  const exists = await db.providerCredential.findFirst({
    where: { applicationId: app.id, merchantId: actor.merchantId, provider: name },
    select: { id: true },
  });
  if (!exists) {
    try {
      return { credential: await addCredential(actor, appId, name, input), created: true };
    } catch (err) {
      // Lost a race with another add: fall through to replacing it.
      if (!(isServiceError(err) && err.code === "conflict")) throw err;
    }
  }
  return { credential: await rotateCredential(actor, appId, name, input, { publicFields: true }), created: false };
}

export async function removeCredential(actor: Actor, applicationId: string, provider: string): Promise<CredentialView> {
  const appId = parseApplicationId(applicationId);
  const name = parseProvider(provider);
  return db.$transaction(async (tx) => {
    const app = await findOwnApplication(tx, actor, appId);
    authorizeApplication(actor, "write_credential", asEnvironment(app.environment));
    requireRecentVerification(actor);
    const row = await tx.providerCredential.findFirst({
      where: { applicationId: app.id, merchantId: actor.merchantId, provider: name },
    });
    if (!row) throw notFound(`This application has no ${name} credentials`);
    const { count } = await tx.providerCredential.deleteMany({ where: { id: row.id, merchantId: actor.merchantId } });
    if (count !== 1) throw notFound(`This application has no ${name} credentials`);
    await recordAudit(tx, actor, {
      action: "credential.removed",
      targetType: "provider_credential",
      targetId: row.id,
      changes: { applicationId: app.id, provider: name, mask: row.mask },
    });
    return toCredentialView(row);
  });
}

export type DecryptedCredential = {
  provider: ProviderName;
  applicationId: string;
  environment: Environment;
  apiKey: string;
  publicFields: Record<string, string>;
};

/**
 * The only way to read a credential's plaintext, for server code that calls
 * the provider on the actor's behalf. Never expose its result through the
 * UI or the API. Each successful decryption is audited before the plaintext
 * is returned; a tampered row or wrong master key throws instead.
 */
export async function decryptCredential(
  actor: Actor,
  applicationId: string,
  provider: string,
  options: { purpose?: string } = {},
): Promise<DecryptedCredential> {
  const appId = parseApplicationId(applicationId);
  const name = parseProvider(provider);
  const purpose = parseInput(decryptPurposeSchema, options.purpose);
  const app = await findOwnApplication(db, actor, appId);
  const environment = asEnvironment(app.environment);
  authorizeApplication(actor, "decrypt_credential", environment);
  const row: ProviderCredential | null = await db.providerCredential.findFirst({
    where: { applicationId: app.id, merchantId: actor.merchantId, provider: name },
  });
  if (!row) throw notFound(`This application has no ${name} credentials`);
  const apiKey = openCredential(contextOf(app, name), row);
  await db.$transaction(async (tx) => {
    await recordAudit(tx, actor, {
      action: "credential.decrypted",
      targetType: "provider_credential",
      targetId: row.id,
      changes: { applicationId: app.id, provider: name, mask: row.mask, ...(purpose ? { purpose } : {}) },
    });
  });
  return { provider: name, applicationId: app.id, environment, apiKey, publicFields: decodePublicFields(row.publicFields) };
}
