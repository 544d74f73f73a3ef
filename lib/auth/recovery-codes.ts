import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";

/**
 * One-time recovery codes for a lost authenticator. Each carries 50 random
 * bits, so a plain SHA-256 fingerprint is enough (no slow hash needed);
 * the codes themselves are shown once and never stored.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // 32 symbols, no 0/o/1/l

function newCode(): string {
  const bytes = randomBytes(10);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 32];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, "").toLowerCase();
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(`keyward-recovery:${normaliseRecoveryCode(code)}`).digest("hex");
}

/** Replaces the user's recovery codes with a fresh set and returns them (the only time they exist in clear). */
export async function replaceRecoveryCodes(userId: string, client: Tx = db): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await client.recoveryCode.deleteMany({ where: { userId } });
  const at = now();
  await client.recoveryCode.createMany({
    data: codes.map((code) => ({ id: newId("rc"), userId, codeHash: hashRecoveryCode(code), createdAt: at })),
  });
  return codes;
}

/** Uses up a recovery code. The conditional update is the claim: a code works exactly once. */
export async function consumeRecoveryCode(userId: string, code: string): Promise<boolean> {
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now() },
  });
  return count === 1;
}

export async function remainingRecoveryCodes(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
