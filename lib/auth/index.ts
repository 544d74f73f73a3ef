import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { credentialsSchema } from "@/lib/validations/account";
import { db } from "@/lib/db";
import { clientIp } from "@/lib/api-keys/authenticate";
import { verifyPassword } from "./password";
import { loginRetryAfter, recordLoginFailure, recordLoginSuccess } from "./login-throttle";
import { hasSecondFactor } from "./second-factor";
import { createSession, endSession, sessionMaxAgeMs, validateSession } from "./sessions";
import { logger, noteDatabaseUnavailable } from "@/lib/log/logger.mjs";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

// The cookie may live as long as the longest session; the session record decides (sessions.ts).
export const SESSION_MAX_AGE_SECONDS = Math.floor(sessionMaxAgeMs() / 1000);

export class LoginThrottled extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  trustHost: true,
  logger: {
    // A wrong password is expected, not an error worth a stack trace in the logs.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      logger.error({ error: error.name }, `sign-in: ${error.message}`);
    },
    warn() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(request.headers);
        if ((await loginRetryAfter(email, ip)) > 0) throw new LoginThrottled();
        const user = await db.user.findUnique({ where: { email } });
        const ok = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !ok) {
          await recordLoginFailure(email, ip);
          return null;
        }
        await recordLoginSuccess(email, ip);
        // A user with a second factor gets a session that can only finish signing in (/login/verify).
        const session = await createSession({
          userId: user.id,
          ip,
          userAgent: request.headers.get("user-agent"),
          secondFactorPending: await hasSecondFactor(user.id),
        });
        return { id: user.id, email: user.email, name: user.name, sid: session.id };
      },
    }),
  ],
  events: {
    // Signing out ends the server-side record, so a copy of the cookie stops working too.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid, "signed_out");
    },
  },
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user?.id) {
        token.uid = user.id;
        token.sid = (user as { sid?: string }).sid;
        delete token.impersonationId;
        return token;
      }
      // Every read of the cookie (auth(), GET /api/auth/session) checks its session record;
      // null clears the cookie and answers "signed out".
      const record = await validateSession(token.sid, token.uid).catch((err: unknown) => {
        // next-auth answers "signed out" for any error here; let the page know it was the database.
        if (isDatabaseUnavailable(err)) noteDatabaseUnavailable();
        throw err;
      });
      if (!record) return null;
      if (record.secondFactorPending) token.pending = true;
      else delete token.pending;
      // Starting or ending impersonation re-issues the session with the new state.
      if (trigger === "update" && session && typeof session === "object" && "impersonationId" in session) {
        const next = (session as { impersonationId: unknown }).impersonationId;
        if (typeof next === "string") token.impersonationId = next;
        else delete token.impersonationId;
      }
      return token;
    },
    session({ session, token }) {
      (session as { sid?: string }).sid = typeof token.sid === "string" ? token.sid : undefined;
      // A session still owing its second factor names no user: only /login/verify may use it (by its sid).
      if (token.pending) return { expires: session.expires, sid: token.sid } as unknown as typeof session;
      if (typeof token.uid === "string") session.user.id = token.uid;
      (session as { impersonationId?: string }).impersonationId =
        typeof token.impersonationId === "string" ? token.impersonationId : undefined;
      return session;
    },
  },
});
