import "server-only";
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { currentMasterKey, findMasterKey } from "@/lib/config/secrets";
import { deriveKey, open, seal } from "@/lib/crypto/seal";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

/**
 * TOTP (RFC 6238, the authenticator-app defaults: SHA-1, 6 digits, 30 s).
 * The shared secret is stored sealed with the master key and bound to its
 * user, stored as <masterKeyId>:<sealed>.
 */

export const TOTP_ISSUER = "Keyward";

export function sealTotpSecret(userId: string, secret: string): string {
  const master = currentMasterKey();
  return `${master.id}:${seal(secret, deriveKey(master.key, "totp"), `totp:${userId}`)}`;
}

export function openTotpSecret(userId: string, stored: string): string {
  const i = stored.indexOf(":");
  const master = findMasterKey(stored.slice(0, i));
  return open(stored.slice(i + 1), deriveKey(master.key, "totp"), `totp:${userId}`).toString("utf8");
}

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function totpProvisioning(secret: string, email: string): Promise<{ uri: string; qrDataUrl: string }> {
  const uri = generateURI({ issuer: TOTP_ISSUER, label: email, secret });
  return { uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

const epoch = () => Math.floor(now().getTime() / 1000);

/** The current code, for tests and the seed. */
export function totpCode(secret: string): Promise<string> {
  return generate({ secret, epoch: epoch() });
}

/**
 * Checks a code, allowing one step of clock drift either way, and refuses a
 * code of a step no later than the last one this user used. The step is
 * claimed with a conditional update, so a code is good once even when two
 * requests carrying it reach two instances at the same moment.
 */
export async function checkTotpCode(userId: string, secret: string, code: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpLastStep: true } });
  const lastStep = user?.totpLastStep ?? undefined;
  const result = await verify({ secret, token: code, epoch: epoch(), epochTolerance: 30, afterTimeStep: lastStep }).catch(() => ({
    valid: false as const,
  }));
  if (!result.valid) return false;
  const step = (result as { timeStep?: number }).timeStep;
  if (typeof step !== "number") return true;
  const { count } = await db.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

/** Forget the replay guard, when the secret changes. */
export async function forgetTotpSteps(userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { totpLastStep: null } });
}
