import "server-only";

/** Ends the caller's active impersonation, if any, when they sign out. */
export async function endImpersonationOnSignOut(): Promise<void> {
  // Impersonation sessions are added with the support console.
}
