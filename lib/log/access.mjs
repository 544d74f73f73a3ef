// The access line: one per request, written when the response ends. Wraps the
// Node request handler of the server in front of Next.js.
import { randomUUID } from "node:crypto";
import { logger, runWithRequest } from "./logger.mjs";

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

function trustsProxy(env) {
  const trust = env.TRUST_PROXY?.trim();
  return Boolean(trust) && trust !== "false" && trust !== "0";
}

/**
 * The id of this request: a trusted proxy's X-Request-Id (so one id follows a
 * request through the load balancer and the app), otherwise a fresh one. A
 * client's own header is ignored unless TRUST_PROXY says a proxy set it.
 */
export function requestIdFor(headers, env = process.env) {
  const incoming = headers["x-request-id"];
  if (trustsProxy(env) && typeof incoming === "string" && REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
}

/** A path as a route: ids (prefix_ + 20 base62) become {id}, so lines group by route. No query string: it may carry anything. */
export function routeOf(url) {
  const path = (url ?? "/").split("?")[0] ?? "/";
  return path.replace(/\/[a-z]+_[0-9A-Za-z]{20}(?=\/|$)/g, "/{id}").slice(0, 200);
}

/**
 * Wraps a (req, res) handler: sets X-Request-Id on the request (for the app)
 * and the response, runs the handler inside the request's log context, and
 * logs method, route, status, duration and who called (key or user id, as
 * the app noted them) once the response is done.
 */
export function withAccessLog(handler, env = process.env) {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const context = { requestId: requestIdFor(req.headers, env) };
    req.headers["x-request-id"] = context.requestId;
    res.setHeader("X-Request-Id", context.requestId);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const line = {
        req_id: context.requestId,
        method: req.method,
        route: routeOf(req.url),
        status: res.headersSent || res.writableFinished ? res.statusCode : 499,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      };
      if (context.keyId) line.key_id = context.keyId;
      if (context.userId) line.user_id = context.userId;
      const level = line.status >= 500 ? "error" : "info";
      logger[level](line, "request");
    };
    res.once("finish", done);
    res.once("close", done);
    return runWithRequest(context, () => handler(req, res));
  };
}
