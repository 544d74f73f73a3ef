/** A small HTTP client for the load tests: every call says which instance, key and client address it used. */

export type Call = {
  status: number;
  ms: number;
  headers: Headers;
  text: string;
  json: unknown;
};

export type CallOptions = {
  key?: string;
  /** The client address the (trusted) proxy would report. */
  ip?: string;
  body?: unknown;
  idempotencyKey?: string;
  timeoutMs?: number;
};

/** A request that never got an answer (connection refused or reset, timeout): status 0. */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.ip) headers["x-forwarded-for"] = options.ip;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, ms: performance.now() - started, headers: res.headers, text, json };
  } catch {
    return { status: 0, ms: performance.now() - started, headers: new Headers(), text: "", json: null };
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at a time; results in order. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) results[i] = await task(i);
    }),
  );
  return results;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function countBy<T>(items: T[], key: (item: T) => string | number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[String(key(item))] = (out[String(key(item))] ?? 0) + 1;
  return out;
}
