"use server";

import { merchantAction } from "@/lib/actions/merchant-action";
import { createApplication, deleteApplication, updateApplication } from "@/lib/applications/service";
import { addCredential, removeCredential, rotateCredential } from "@/lib/credentials/service";
import type { CreateApplicationInput, CredentialFieldsInput, UpdateApplicationInput } from "@/lib/validations/application";

/**
 * Thin actions: the wrapper resolves the actor; the services validate and
 * authorize. Results carry masks only, never a credential's plaintext.
 * Parameters are typed for the pages; what a client really sends is parsed
 * by the services, so a missing argument reads as an empty one.
 */

type CredentialRef = { applicationId: string; provider: string };

export async function createApplicationAction(input: CreateApplicationInput) {
  return merchantAction(async (actor) => {
    const app = await createApplication(actor, input);
    return { id: app.id, name: app.name };
  });
}

export async function updateApplicationAction(input: { id: string; changes: UpdateApplicationInput }) {
  return merchantAction(async (actor) => {
    const app = await updateApplication(actor, input?.id, input?.changes);
    return { id: app.id, name: app.name };
  });
}

export async function deleteApplicationAction(id: string) {
  return merchantAction(async (actor) => {
    const deleted = await deleteApplication(actor, id);
    return { id: deleted.id, name: deleted.name };
  });
}

export async function addCredentialAction(input: CredentialRef & { fields: CredentialFieldsInput }) {
  return merchantAction(async (actor) => {
    const credential = await addCredential(actor, input?.applicationId, input?.provider, input?.fields);
    return { provider: credential.provider, label: credential.providerLabel, mask: credential.mask };
  });
}

export async function rotateCredentialAction(input: CredentialRef & { apiKey: string }) {
  return merchantAction(async (actor) => {
    const credential = await rotateCredential(actor, input?.applicationId, input?.provider, { apiKey: input?.apiKey });
    return { provider: credential.provider, label: credential.providerLabel, mask: credential.mask, rotatedAt: credential.rotatedAt };
  });
}

export async function removeCredentialAction(input: CredentialRef) {
  return merchantAction(async (actor) => {
    const credential = await removeCredential(actor, input?.applicationId, input?.provider);
    return { provider: credential.provider, label: credential.providerLabel };
  });
}
