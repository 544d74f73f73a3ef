import "server-only";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { currentMasterKey, findMasterKey } from "@/lib/config/secrets";
import { deriveKey, open, seal } from "@/lib/crypto/seal";

/**
 * Endpoint signing secrets (Standard Webhooks `whsec_` + base64 of 32
 * random bytes). Stored sealed with the master key, bound to the endpoint
 * and its merchant, as `<masterKeyId>:<sealed>`; the plaintext is returned
 * once, when created or rolled.
 */
const PURPOSE = "webhook-secret";

function aad(merchantId: string, endpointId: string): string {
  return JSON.stringify(["keyward.webhook-secret.v1", merchantId, endpointId]);
}

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function sealSigningSecret(merchantId: string, endpointId: string, secret: string): string {
  const master = currentMasterKey();
  return `${master.id}:${seal(secret, deriveKey(master.key, PURPOSE), aad(merchantId, endpointId))}`;
}

export function openSigningSecret(merchantId: string, endpointId: string, stored: string): string {
  const colon = stored.indexOf(":");
  const master = findMasterKey(stored.slice(0, colon));
  return open(stored.slice(colon + 1), deriveKey(master.key, PURPOSE), aad(merchantId, endpointId)).toString("utf8");
}

/** The webhook-signature header: one `v1,<base64>` per secret, space-separated (two during a roll's overlap). */
export function signatureHeader(secrets: string[], messageId: string, timestamp: Date, payload: string): string {
  return secrets.map((s) => new Webhook(s).sign(messageId, timestamp, payload)).join(" ");
}
