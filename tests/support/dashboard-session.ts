/**
 * A browser-like client for the dashboard over real HTTP: it signs in the
 * way the login form does (next-auth's CSRF token, then the credentials
 * callback), keeps its cookies, and invokes server actions the way React
 * does (a POST to a page with the Next-Action header and the encoded
 * arguments). Nothing here forges a session.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

/** One server action of the build: its id, where it is defined, and a page that can run it. */
export type ServerActionRef = { id: string; module: string; exportedName: string; key: string; page: string };

/** A page path for a worker entry such as "app/(dashboard)/keys/page": route groups dropped, params filled in. */
function pagePath(worker: string): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((s) => s && !(s.startsWith("(") && s.endsWith(")")))
    .map((s) => (s.startsWith("[") ? "x" : s));
  return `/${segments.join("/")}`;
}

function manifestPath(name: string): string {
  return path.join(root, process.env.NEXT_DIST_DIR || ".next", "server", name);
}

/**
 * The route handlers of the build (e.g. "/audit/export", "/api/v1/api-keys/[id]"),
 * from its app paths manifest; route groups dropped, dynamic segments kept.
 */
export function routeHandlers(): string[] {
  const manifest = JSON.parse(readFileSync(manifestPath("app-paths-manifest.json"), "utf8")) as Record<string, string>;
  return Object.keys(manifest)
    .filter((k) => k.endsWith("/route"))
    .map((k) => `/${k.replace(/\/route$/, "").split("/").filter((seg) => seg && !(seg.startsWith("(") && seg.endsWith(")"))).join("/")}`);
}

/** The methods a route handler exports, from the Allow header of the OPTIONS answer Next.js gives for it. */
export async function routeMethods(baseUrl: string, pathname: string): Promise<string[] | null> {
  const res = await fetch(`${baseUrl}${pathname}`, { method: "OPTIONS" });
  await res.arrayBuffer();
  const allow = res.headers.get("allow");
  if (!allow) return null;
  return allow
    .split(",")
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m && m !== "OPTIONS" && m !== "HEAD");
}

/** Every server action in the production build, from its server reference manifest. */
export function serverActions(): ServerActionRef[] {
  const file = manifestPath("server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
    edge?: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  const entries = [...Object.entries(manifest.node), ...Object.entries(manifest.edge ?? {})];
  return entries.map(([id, entry]) => {
    const workers = Object.keys(entry.workers);
    // Prefer a page without dynamic segments; any worker of the action can run it.
    const worker = workers.find((w) => !w.includes("[")) ?? workers[0] ?? "app/page";
    const file = entry.filename ?? "unknown";
    const exportedName = entry.exportedName ?? "unknown";
    return { id, module: file, exportedName, key: `${file}#${exportedName}`, page: pagePath(worker) };
  });
}

export type ActionResponse = {
  status: number;
  /** The action's return value, when the response carried one. */
  result: unknown;
  /** Where the action redirected, when it did. */
  redirect: string | null;
  text: string;
  /** Cookies the response set (name → value; "" when cleared). */
  setCookies: Map<string, string>;
};

function parseSetCookies(headers: Headers): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const expired = /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
    out.set(pair.slice(0, eq).trim(), expired ? "" : pair.slice(eq + 1).trim());
  }
  return out;
}

/**
 * The value an action returned, from its RSC payload: rows "id:json", the
 * root row (0) naming the result either inline or as a reference "$@<hex id>".
 */
export function actionResultOf(text: string): unknown {
  const rows = new Map<string, string>();
  // Rows are "id:json\n", except text rows "id:T<hex byte length>,<text>" (long strings), which end without a newline.
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(0x3a, at);
    if (colon < 0) break;
    const id = bytes.subarray(at, colon).toString("utf8");
    if (bytes[colon + 1] === 0x54 /* T */) {
      const comma = bytes.indexOf(0x2c, colon);
      const length = Number.parseInt(bytes.subarray(colon + 2, comma).toString("utf8"), 16);
      rows.set(id, JSON.stringify(bytes.subarray(comma + 1, comma + 1 + length).toString("utf8")));
      at = comma + 1 + length;
      continue;
    }
    const newline = bytes.indexOf(0x0a, colon);
    const end = newline < 0 ? bytes.length : newline;
    if (/^[0-9a-f]+$/.test(id)) rows.set(id, bytes.subarray(colon + 1, end).toString("utf8"));
    at = end + 1;
  }
  const parse = (raw: string | undefined): unknown => {
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  };
  const root = parse(rows.get("0")) as { a?: unknown } | undefined;
  if (!root || typeof root !== "object" || !("a" in root)) return undefined;
  const a = root.a;
  if (typeof a === "string" && a.startsWith("$@")) return parse(rows.get(a.slice(2)));
  return a;
}

export class DashboardSession {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly label: string,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].filter(([, v]) => v !== "").map(([k, v]) => `${k}=${v}`).join("; ");
  }

  keep(setCookies: Map<string, string>): void {
    for (const [k, v] of setCookies) {
      if (v === "") this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  get signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => /(^|\.)(authjs|next-auth)\.session-token/.test(k));
  }

  async request(pathname: string, init: RequestInit = {}): Promise<{ res: Response; text: string; setCookies: Map<string, string> }> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader();
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(`${this.baseUrl}${pathname}`, { ...init, headers, redirect: "manual" });
    const text = await res.text();
    return { res, text, setCookies: parseSetCookies(res.headers) };
  }

  /** Signs in through next-auth's own endpoints, as the login form's POST does. */
  static async signIn(baseUrl: string, email: string, password: string): Promise<DashboardSession> {
    const session = new DashboardSession(baseUrl, email);
    const csrf = await session.request("/api/auth/csrf");
    session.keep(csrf.setCookies);
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/keys` });
    const signIn = await session.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
      body: form.toString(),
    });
    session.keep(signIn.setCookies);
    if (!session.signedIn) throw new Error(`Signing in as ${email} failed (HTTP ${signIn.res.status})`);
    return session;
  }

  /**
   * Invokes a server action as React does: a JSON array of arguments as
   * text, or (for form actions) multipart with the root model in field "0"
   * and the FormData's entries under "_<ref>_". Cookies the response sets
   * are not kept unless `keepCookies`, so a cell cannot change the session
   * the next cell uses. `origin` stands in for a page of another site.
   */
  async action(
    ref: ServerActionRef,
    args: unknown[] | { state: unknown; form: Record<string, string> },
    options: { keepCookies?: boolean; origin?: string } = {},
  ): Promise<ActionResponse> {
    const { keepCookies = false, origin = this.baseUrl } = options;
    const headers: Record<string, string> = { "next-action": ref.id, origin, accept: "text/x-component" };
    let body: BodyInit;
    if (Array.isArray(args)) {
      headers["content-type"] = "text/plain;charset=UTF-8";
      body = JSON.stringify(args);
    } else {
      // The root goes last, as React sends it: the server resolves "$K1" from the entries read before it.
      const form = new FormData();
      for (const [k, v] of Object.entries(args.form)) form.append(`_1_${k}`, v);
      form.set("0", JSON.stringify([args.state, "$K1"]));
      body = form;
    }
    const { res, text, setCookies } = await this.request(ref.page, { method: "POST", headers, body });
    if (keepCookies) this.keep(setCookies);
    const redirectHeader = res.headers.get("x-action-redirect");
    return {
      status: res.status,
      result: actionResultOf(text),
      redirect: redirectHeader ? redirectHeader.split(";")[0]! : res.status >= 300 && res.status < 400 ? res.headers.get("location") : null,
      text,
      setCookies,
    };
  }
}
