import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { generateKey } from "@/lib/api-keys/format";
import { createLogger, noteRequestActor, requestContext, runWithRequest } from "./logger.mjs";
import { requestIdFor, routeOf, withAccessLog } from "./access.mjs";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ destination, env: { LOG_LEVEL: "debug" } }), lines, raw };
}

describe("logger", () => {
  it("writes JSON lines with a level name, and the request id of the request being served", () => {
    const { logger, lines } = capture();
    logger.info("outside");
    runWithRequest({ requestId: "req-1" }, () => logger.warn({ n: 1 }, "inside"));
    expect(lines[0]).toMatchObject({ level: "info", msg: "outside", service: "keyward" });
    expect(lines[0]!.req_id).toBeUndefined();
    expect(lines[1]).toMatchObject({ level: "warn", msg: "inside", n: 1, req_id: "req-1" });
  });

  it("redacts credentials by field name: authorization headers, cookies, secrets", () => {
    const { logger, raw } = capture();
    logger.info(
      { headers: { authorization: "Token abc", cookie: "authjs.session-token=xyz", "x-api-key": "k" }, credential: { secret: "s3cr3t", apiKey: "plain" } },
      "request",
    );
    expect(raw.join("")).not.toMatch(/Token abc|session-token=xyz|s3cr3t|plain|"k"/);
    expect(raw.join("")).toContain("[Redacted]");
  });

  it("masks anything shaped like a Keyward or provider secret wherever it appears, keeping publishable keys", () => {
    const { logger, raw } = capture();
    const secret = generateKey("secret", "live");
    const restricted = generateKey("restricted", "test");
    const publishable = generateKey("publishable", "test");
    logger.error(
      { url: `/x?key=${restricted}` },
      `failed with ${secret} and rt_test_Xb7kP2mQ9vL4sT8wN1cR6yH3jF5gD0aZeUiOpAsDf, Bearer abcdefghijkl, whsec_abcdefghijklmnopqrst, AQEyhmfxK4zJbBZDw0m/n3Q5qf3VaY9UCJ14XWZE03G, ${publishable}`,
    );
    const text = raw.join("");
    for (const hidden of [secret, restricted, "rt_test_Xb7k", "abcdefghijkl", "whsec_abcdefghijklmnopqrst", "AQEyhmfxK4zJ"]) expect(text).not.toContain(hidden);
    expect(text).toContain(publishable);
    expect(text).toContain("Bearer [Redacted]");
  });

  it("notes who makes the request for its access line", () => {
    const context = { requestId: "r" } as { requestId: string; keyId?: string };
    requestContext.run(context, () => noteRequestActor({ keyId: "key_1" }));
    expect(context.keyId).toBe("key_1");
    expect(() => noteRequestActor({ userId: "usr_1" })).not.toThrow();
  });
});

describe("access lines", () => {
  it("take an incoming X-Request-Id only behind a trusted proxy, and only a sane one", () => {
    expect(requestIdFor({ "x-request-id": "lb-123" }, {})).not.toBe("lb-123");
    expect(requestIdFor({ "x-request-id": "lb-123" }, { TRUST_PROXY: "1" })).toBe("lb-123");
    expect(requestIdFor({ "x-request-id": "bad id\nwith newline" }, { TRUST_PROXY: "1" })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor({ "x-request-id": "lb-123" }, { TRUST_PROXY: "false" })).not.toBe("lb-123");
  });

  it("name the route without ids or query string", () => {
    expect(routeOf("/api/v1/api-keys/key_0123456789abcdefghij/regenerate?x=sk_live_secret")).toBe("/api/v1/api-keys/{id}/regenerate");
    expect(routeOf("/keys")).toBe("/keys");
  });

  it("set X-Request-Id on the request and the response, and run the handler in the request's context", () => {
    const headers: Record<string, string> = {};
    const req = { headers: {} as Record<string, string>, method: "GET", url: "/api/health" };
    const res = {
      statusCode: 200,
      headersSent: true,
      setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v),
      once: () => res,
    };
    let seen: string | undefined;
    withAccessLog(() => {
      seen = requestContext.getStore()?.requestId;
    }, {})(req as never, res as never);
    expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.headers["x-request-id"]).toBe(headers["x-request-id"]);
    expect(seen).toBe(headers["x-request-id"]);
  });
});
