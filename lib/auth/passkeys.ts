import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { z } from "zod";
import { db } from "@/lib/db";
import { decodeStringArray } from "@/lib/db/json-columns";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { now } from "@/lib/clock";
import { ServiceError, conflict, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { passkeyNameSchema } from "@/lib/validations/account";
import { replaceRecoveryCodes } from "./recovery-codes";
import { recordSecondFactorFailure, recordSecondFactorSuccess, secondFactorRetryAfter } from "./second-factor-throttle";
import { markVerified } from "./sessions";
import { requireRecentVerification } from "./step-up";

/**
 * Passkeys (WebAuthn) as a second factor. Each ceremony's challenge lives
 * on the session record for five minutes and is consumed by the first
 * answer, right or wrong, so a response cannot be replayed.
 */

export const CHALLENGE_TTL_MS = 5 * 60_000;

/** Who we are to the authenticator: APP_URL when set, else the page's own origin. */
export type RelyingParty = { rpID: string; origin: string };

export function relyingParty(requestOrigin: string | null): RelyingParty {
  const base = process.env.APP_URL || requestOrigin;
  if (!base) throw new ServiceError("validation", "Cannot tell which site this is");
  const url = new URL(base);
  return { rpID: url.hostname, origin: url.origin };
}

type Me = { id: string; email: string; name: string; sessionId: string; verifiedAt?: Date | null };
type Who = { userId: string; sessionId: string };

const toBytes = (b64url: string) => new Uint8Array(Buffer.from(b64url, "base64url"));
/** passkeys.transports: how the authenticator can be reached, a JSON array; unreadable reads as none. */
const transportsOf = (json: string): string[] => {
  try {
    return decodeStringArray(json);
  } catch {
    return [];
  }
};

/**
 * A browser's WebAuthn answer is whatever it sent: checked here only for the
 * shape the verifier needs to start (an object with a credential id); the
 * WebAuthn verification itself checks the rest.
 */
function isCredentialAnswer<T extends { id: string }>(value: unknown): value is T {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}

async function storeChallenge(sessionId: string, challenge: string): Promise<void> {
  await db.userSession.updateMany({
    where: { id: sessionId, endedAt: null },
    data: { challenge, challengeExpiresAt: new Date(now().getTime() + CHALLENGE_TTL_MS) },
  });
}

/** Takes the session's challenge for good; null when there is none or it has expired. */
async function takeChallenge(sessionId: string): Promise<string | null> {
  const row = await db.userSession.findFirst({ where: { id: sessionId, endedAt: null }, select: { challenge: true, challengeExpiresAt: true } });
  if (!row?.challenge || !row.challengeExpiresAt) return null;
  const { count } = await db.userSession.updateMany({
    where: { id: sessionId, challenge: row.challenge },
    data: { challenge: null, challengeExpiresAt: null },
  });
  if (count !== 1 || row.challengeExpiresAt <= now()) return null;
  return row.challenge;
}

export async function passkeyRegistrationOptions(me: Me, rp: RelyingParty): Promise<PublicKeyCredentialCreationOptionsJSON> {
  // Adding a factor is as sensitive as using one: a borrowed session must not add its own.
  requireRecentVerification(me);
  const existing = await db.passkey.findMany({ where: { userId: me.id }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: "Keyward",
    rpID: rp.rpID,
    userName: me.email,
    userDisplayName: me.name || me.email,
    userID: new TextEncoder().encode(me.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) as never })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  await storeChallenge(me.sessionId, options.challenge);
  return options;
}

/** Verifies and stores a new passkey; the first second factor also gets recovery codes (returned once). */
export async function registerPasskey(
  me: Me,
  rp: RelyingParty,
  input: { name: z.input<typeof passkeyNameSchema>; response: unknown },
): Promise<{ id: string; name: string; recoveryCodes: string[] | null }> {
  requireRecentVerification(me);
  // Typed for callers; a client can send nothing at all, which fails here.
  const name = passkeyNameSchema.safeParse(input?.name);
  if (!name.success) throw new ServiceError("validation", name.error.issues[0]!.message, { name: [name.error.issues[0]!.message] });
  const challenge = await takeChallenge(me.sessionId);
  if (!challenge) throw new ServiceError("validation", "The passkey request expired. Try again.");
  const verification = isCredentialAnswer<RegistrationResponseJSON>(input.response)
    ? await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: false,
      }).catch(() => null)
    : null;
  if (!verification?.verified) throw new ServiceError("validation", "The passkey could not be verified. Try again.");
  const { credential } = verification.registrationInfo;
  const had = await db.user.findUniqueOrThrow({ where: { id: me.id }, select: { totpEnabledAt: true, _count: { select: { passkeys: true } } } });
  const first = !had.totpEnabledAt && had._count.passkeys === 0;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.passkey.create({
        data: {
          id: newId("pk"),
          userId: me.id,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey).toString("base64url"),
          counter: credential.counter,
          transports: JSON.stringify(credential.transports ?? []),
          name: name.data,
          createdAt: now(),
        },
      });
      return { id: row.id, name: row.name, recoveryCodes: first ? await replaceRecoveryCodes(me.id, tx) : null };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("This passkey is already registered.");
    throw err;
  }
}

export async function passkeyAuthenticationOptions(who: Who, rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const keys = await db.passkey.findMany({ where: { userId: who.userId }, select: { credentialId: true, transports: true } });
  if (keys.length === 0) throw notFound("No passkey is registered for this account");
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: transportsOf(k.transports) })),
    userVerification: "preferred",
  });
  await storeChallenge(who.sessionId, options.challenge);
  return options;
}

/** Checks a passkey's answer to the session's challenge; right, the session is verified by it. */
export async function verifyPasskey(who: Who, rp: RelyingParty, response: unknown): Promise<void> {
  const wait = await secondFactorRetryAfter(who.userId, who.sessionId);
  if (wait > 0) throw new ServiceError("rate_limited", `Too many wrong attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`);
  const answer = isCredentialAnswer<AuthenticationResponseJSON>(response) ? response : null;
  const challenge = await takeChallenge(who.sessionId);
  const key =
    answer ? await db.passkey.findFirst({ where: { credentialId: answer.id, userId: who.userId } }) : null;
  const verification =
    challenge && key && answer
      ? await verifyAuthenticationResponse({
          response: answer,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.rpID,
          credential: { id: key.credentialId, publicKey: toBytes(key.publicKey), counter: key.counter, transports: transportsOf(key.transports) as never },
          requireUserVerification: false,
        }).catch(() => null)
      : null;
  if (!verification?.verified || !key) {
    await recordSecondFactorFailure(who.userId, who.sessionId);
    throw new ServiceError("validation", challenge ? "That passkey was not accepted" : "The passkey request expired. Try again.");
  }
  // The counter only moves forward; a clone replaying an old counter loses the race here.
  const { count } = await db.passkey.updateMany({
    where: { id: key.id, counter: key.counter },
    data: { counter: verification.authenticationInfo.newCounter, lastUsedAt: now() },
  });
  if (count !== 1) throw new ServiceError("validation", "That passkey was not accepted");
  await recordSecondFactorSuccess(who.sessionId);
  await markVerified(who.sessionId, "passkey");
}

export type PasskeyView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

export async function listPasskeys(userId: string): Promise<PasskeyView[]> {
  return db.passkey.findMany({ where: { userId }, select: { id: true, name: true, createdAt: true, lastUsedAt: true }, orderBy: { createdAt: "asc" } });
}

/** Removes one of the user's passkeys (needs a recent confirmation); recovery codes go with the last factor. */
export async function removePasskey(me: Me, id: string): Promise<void> {
  requireRecentVerification(me);
  if (typeof id !== "string") throw notFound("No such passkey");
  await db.$transaction(async (tx) => {
    const { count } = await tx.passkey.deleteMany({ where: { id, userId: me.id } });
    if (count !== 1) throw notFound("No such passkey");
    const left = await tx.user.findUniqueOrThrow({ where: { id: me.id }, select: { totpEnabledAt: true, _count: { select: { passkeys: true } } } });
    if (!left.totpEnabledAt && left._count.passkeys === 0) await tx.recoveryCode.deleteMany({ where: { userId: me.id } });
  });
}
