/**
 * The framework edges that integration tests of sessions stub, and nothing
 * more: the decoded session cookie (`auth()`) and the request headers. A test
 * mocks the two modules with these and sets `cookie` to act as someone:
 *
 *   vi.mock("@/lib/auth", async () => (await import("../support/session-stubs")).authModule);
 *   vi.mock("next/headers", async () => (await import("../support/session-stubs")).headersModule);
 */

/** Who the decoded cookie says is signed in, and with which session; null for nobody. */
export const cookie = { userId: null as string | null, sid: null as string | null };

export const authModule = {
  auth: async () => (cookie.userId ? { user: { id: cookie.userId }, sid: cookie.sid ?? undefined } : null),
};

export const headersModule = {
  headers: async () => new Headers({ "user-agent": "test-browser", "x-keyward-peer-ip": "203.0.113.9" }),
  cookies: async () => ({ get: () => undefined }),
};
