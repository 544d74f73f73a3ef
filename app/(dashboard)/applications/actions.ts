"use server";

import { merchantAction } from "@/lib/actions/merchant-action";
import { createApplication, deleteApplication, updateApplication } from "@/lib/applications/service";
import { addCredential, removeCredential, rotateCredential } from "@/lib/credentials/service";

/**
 * Thin actions: the wrapper resolves the actor; the services validate and
 * authorize. Results carry masks only, never a credential's plaintext.
 */

type Args = Record<string, unknown>;
const args = (input: unknown): Args => (input && typeof input === "object" ? (input as Args) : {});

export async function createApplicationAction(input: unknown) {
  return merchantAction(async (actor) => {
    const app = await createApplication(actor, input);
    return { id: app.id, name: app.name };
  });
}

export async function updateApplicationAction(input: unknown) {
  const { id, changes } = args(input);
  return merchantAction(async (actor) => {
    const app = await updateApplication(actor, id, changes);
    return { id: app.id, name: app.name };
  });
}

export async function deleteApplicationAction(id: unknown) {
  return merchantAction(async (actor) => {
    const deleted = await deleteApplication(actor, id);
    return { id: deleted.id, name: deleted.name };
  });
}

export async function addCredentialAction(input: unknown) {
  const { applicationId, provider, fields } = args(input);
  return merchantAction(async (actor) => {
    const credential = await addCredential(actor, applicationId, provider, fields);
    return { provider: credential.provider, label: credential.providerLabel, mask: credential.mask };
  });
}

export async function rotateCredentialAction(input: unknown) {
  const { applicationId, provider, apiKey } = args(input);
  return merchantAction(async (actor) => {
    const credential = await rotateCredential(actor, applicationId, provider, { apiKey });
    return { provider: credential.provider, label: credential.providerLabel, mask: credential.mask, rotatedAt: credential.rotatedAt };
  });
}

export async function removeCredentialAction(input: unknown) {
  const { applicationId, provider } = args(input);
  return merchantAction(async (actor) => {
    const credential = await removeCredential(actor, applicationId, provider);
    return { provider: credential.provider, label: credential.providerLabel };
  });
}
