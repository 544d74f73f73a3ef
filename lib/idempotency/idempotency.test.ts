import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { ApiError } from "@/lib/http/problem";
import { IDEMPOTENCY_TTL_MS, redactSecrets, requestFingerprint, runIdempotent } from "@/lib/idempotency";
import { makeMerchant } from "../../tests/support/fixtures";

afterEach(() => setClock(null));

const request = (merchantId: string, key: string, body: unknown = { a: 1 }, keyId = "key_a") => ({
  merchantId,
  keyId,
  key,
  method: "POST",
  path: "/api/v1/api-keys",
  body,
});

describe("idempotency", () => {
  it("fingerprints ignore key order but not values, method or path", () => {
    expect(requestFingerprint("POST", "/x", { a: 1, b: { c: 2, d: 3 } })).toBe(requestFingerprint("post", "/x", { b: { d: 3, c: 2 }, a: 1 }));
    expect(requestFingerprint("POST", "/x", { a: 1 })).not.toBe(requestFingerprint("POST", "/x", { a: 2 }));
    expect(requestFingerprint("POST", "/x", { a: 1 })).not.toBe(requestFingerprint("POST", "/y", { a: 1 }));
    expect(requestFingerprint("POST", "/x", [1, 2])).not.toBe(requestFingerprint("POST", "/x", [2, 1]));
  });

  it("redacts secrets and refresh tokens, flagging that they were returned", () => {
    expect(redactSecrets({ id: "k", secret: "sk_x", api_key: { refresh_token: "rt" } })).toEqual({
      body: { id: "k", secret: null, api_key: { refresh_token: null }, secret_already_returned: true },
      redacted: true,
    });
    expect(redactSecrets({ id: "k", secret: null })).toEqual({ body: { id: "k", secret: null }, redacted: false });
  });

  it("runs the work once and replays its result", async () => {
    const { merchant } = await makeMerchant();
    let runs = 0;
    const work = async () => {
      runs++;
      return Response.json({ id: "x", secret: "s3cret" }, { status: 201 });
    };
    const first = await runIdempotent(request(merchant.id, "k1"), work);
    expect(await first.json()).toEqual({ id: "x", secret: "s3cret" });
    const second = await runIdempotent(request(merchant.id, "k1"), work);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual({ id: "x", secret: null, secret_already_returned: true });
    expect(runs).toBe(1);
  });

  it("never replays one key's response to another key of the same merchant", async () => {
    const { merchant } = await makeMerchant();
    const live = await runIdempotent(request(merchant.id, "shared", { a: 1 }, "key_live"), async () =>
      Response.json({ id: "live-object" }, { status: 201 }),
    );
    expect(live.status).toBe(201);
    const test = await runIdempotent(request(merchant.id, "shared", { a: 1 }, "key_test"), async () =>
      Response.json({ id: "test-object" }, { status: 201 }),
    );
    expect(test.headers.get("idempotent-replayed")).toBeNull();
    expect(await test.json()).toEqual({ id: "test-object" });
  });

  it("refuses a different body with 422 and a request still in progress with 409", async () => {
    const { merchant } = await makeMerchant();
    await runIdempotent(request(merchant.id, "k2"), async () => Response.json({}, { status: 200 }));
    await expect(runIdempotent(request(merchant.id, "k2", { a: 2 }), async () => new Response())).rejects.toMatchObject({
      status: 422,
    });
    let release!: () => void;
    const slow = runIdempotent(request(merchant.id, "k3"), () => new Promise<Response>((r) => (release = () => r(Response.json({})))));
    // Wait until the claim is stored.
    for (let i = 0; i < 100 && !(await db.idempotencyRecord.findFirst({ where: { idempotencyKey: "k3" } })); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const duplicate = runIdempotent(request(merchant.id, "k3"), async () => Response.json({ second: true }));
    await expect(duplicate).rejects.toBeInstanceOf(ApiError);
    await expect(duplicate).rejects.toMatchObject({ status: 409 });
    release();
    expect((await slow).status).toBe(200);
  });

  it("releases the key after a failure, and frees it after 24 hours", async () => {
    const { merchant } = await makeMerchant();
    const failed = await runIdempotent(request(merchant.id, "k4"), async () => Response.json({}, { status: 422 }));
    expect(failed.status).toBe(422);
    await expect(runIdempotent(request(merchant.id, "k4"), async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(await db.idempotencyRecord.count({ where: { idempotencyKey: "k4" } })).toBe(0);
    await runIdempotent(request(merchant.id, "k5"), async () => Response.json({ n: 1 }));
    setClock(() => new Date(Date.now() + IDEMPOTENCY_TTL_MS + 1000));
    const later = await runIdempotent(request(merchant.id, "k5", { other: true }), async () => Response.json({ n: 2 }));
    expect(await later.json()).toEqual({ n: 2 });
  });
});
