/**
 * Passkey ceremonies against the real database, with a software
 * authenticator (a P-256 key) answering the server's own challenges in the
 * WebAuthn wire format. Only the decoded cookie and headers are stubbed.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));

import { isoCBOR } from "@simplewebauthn/server/helpers";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { createSession, validateSession } from "@/lib/auth/sessions";
import {
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  registerPasskey,
  relyingParty,
  removePasskey,
  verifyPasskey,
} from "@/lib/auth/passkeys";
import { hasSecondFactor, stepUpOptions } from "@/lib/auth/second-factor";
import { STEP_UP_WINDOW_MS } from "@/lib/auth/step-up";
import { makeMerchant } from "../support/fixtures";

const ORIGIN = "https://keyward.example";
const rp = relyingParty(ORIGIN);
const b64 = (b: Buffer | Uint8Array) => Buffer.from(b).toString("base64url");
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest();

/** A minimal authenticator: one credential, a signature counter, "none" attestation. */
class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly key: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  private counter = 0;

  private authData(rpID: string, flags: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpID), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  register(challenge: string, origin = ORIGIN, rpID = rp.rpID) {
    const jwk = this.key.publicKey.export({ format: "jwk" });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, Buffer.from(cose)]);
    const authData = this.authData(rpID, 0x45, attested);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]) as never);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge, origin, crossOrigin: false }));
    return {
      id: b64(this.credentialId),
      rawId: b64(this.credentialId),
      type: "public-key",
      response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ["internal"] },
      clientExtensionResults: {},
    };
  }

  authenticate(challenge: string, origin = ORIGIN, rpID = rp.rpID) {
    this.counter += 1;
    const authData = this.authData(rpID, 0x05);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin, crossOrigin: false }));
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.key.privateKey);
    return {
      id: b64(this.credentialId),
      rawId: b64(this.credentialId),
      type: "public-key",
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature) },
      clientExtensionResults: {},
    };
  }
}

const T0 = new Date("2031-06-01T08:00:00.000Z");
const plus = (ms: number) => new Date(T0.getTime() + ms);

async function member() {
  const { actors } = await makeMerchant();
  const userId = actors.developer.userId;
  const session = await createSession({ userId, secondFactorPending: false });
  const me = { id: userId, email: actors.developer.label, name: "Dev", sessionId: session.id, verifiedAt: session.verifiedAt };
  return { userId, session, me };
}

beforeEach(() => setClock(() => T0));
afterEach(() => setClock(null));

describe("passkeys", () => {
  it("registers a passkey (first factor: with recovery codes), then signs in with it once per challenge", async () => {
    const { userId, me } = await member();
    const authenticator = new SoftAuthenticator();
    const options = await passkeyRegistrationOptions(me, rp);
    expect(options.rp).toMatchObject({ id: "keyward.example", name: "Keyward" });
    const saved = await registerPasskey(me, rp, { name: "Test laptop", response: authenticator.register(options.challenge) });
    expect(saved).toMatchObject({ name: "Test laptop" });
    expect(saved.recoveryCodes).toHaveLength(10);
    expect(await hasSecondFactor(userId)).toBe(true);
    expect(await stepUpOptions(userId)).toMatchObject({ passkey: true, password: false, totp: false });

    // The next sign-in owes a second factor; the passkey pays it.
    const pending = await createSession({ userId, secondFactorPending: true });
    const who = { userId, sessionId: pending.id };
    const auth = await passkeyAuthenticationOptions(who, rp);
    expect(auth.allowCredentials?.map((c) => c.id)).toEqual([b64(authenticator.credentialId)]);
    const answer = authenticator.authenticate(auth.challenge);
    await verifyPasskey(who, rp, answer);
    expect(await validateSession(pending.id)).toMatchObject({ secondFactorPending: false, verifiedBy: "passkey" });
    const key = await db.passkey.findFirstOrThrow({ where: { userId } });
    expect(key).toMatchObject({ counter: 1, lastUsedAt: T0 });

    // The same answer again: its challenge is spent.
    await expect(verifyPasskey(who, rp, answer)).rejects.toMatchObject({ code: "validation" });
  });

  it("refuses an answer for another site, a stale challenge, and another user's passkey", async () => {
    const { userId, me } = await member();
    const authenticator = new SoftAuthenticator();
    const reg = await passkeyRegistrationOptions(me, rp);
    await registerPasskey(me, rp, { name: "Key", response: authenticator.register(reg.challenge) });
    const pending = await createSession({ userId, secondFactorPending: true });
    const who = { userId, sessionId: pending.id };

    let auth = await passkeyAuthenticationOptions(who, rp);
    await expect(verifyPasskey(who, rp, authenticator.authenticate(auth.challenge, "https://evil.example"))).rejects.toMatchObject({ code: "validation" });

    auth = await passkeyAuthenticationOptions(who, rp);
    setClock(() => plus(5 * 60_000 + 1));
    await expect(verifyPasskey(who, rp, authenticator.authenticate(auth.challenge))).rejects.toMatchObject({ code: "validation" });

    const other = await member();
    const otherPending = await createSession({ userId: other.userId, secondFactorPending: true });
    await expect(passkeyAuthenticationOptions({ userId: other.userId, sessionId: otherPending.id }, rp)).rejects.toMatchObject({ code: "not_found" });
    expect(await validateSession(pending.id)).toMatchObject({ secondFactorPending: true });
  });

  it("adding or removing a passkey needs a recent confirmation; the last factor takes the recovery codes with it", async () => {
    const { userId, me } = await member();
    const stale = { ...me, verifiedAt: plus(-STEP_UP_WINDOW_MS - 1) };
    await expect(passkeyRegistrationOptions(stale, rp)).rejects.toMatchObject({ code: "step_up_required" });
    const authenticator = new SoftAuthenticator();
    const reg = await passkeyRegistrationOptions(me, rp);
    const { id } = await registerPasskey(me, rp, { name: "Key", response: authenticator.register(reg.challenge) });
    await expect(removePasskey(stale, id)).rejects.toMatchObject({ code: "step_up_required" });
    await removePasskey(me, id);
    expect(await hasSecondFactor(userId)).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId } })).toBe(0);
  });
});
