import "server-only";
import { unstable_update } from "@/lib/auth";

/**
 * Re-issues the session cookie carrying this impersonation (or none): the
 * jwt callback in lib/auth accepts the change, and the token is re-encoded
 * with a new id and issue time, so starting and ending each yield a fresh session.
 */
export async function reissueSession(impersonationId: string | null): Promise<void> {
  // Session's declared type has no room for the extra claim; the callback validates it.
  await unstable_update({ impersonationId } as unknown as Parameters<typeof unstable_update>[0]);
}
