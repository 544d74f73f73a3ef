/** How long an impersonation lasts: KEYWARD_IMPERSONATION_MINUTES (1 to 240), 30 by default. */
export function impersonationMinutes(): number {
  const raw = process.env.KEYWARD_IMPERSONATION_MINUTES?.trim();
  if (!raw) return 30;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 240) {
    throw new Error("KEYWARD_IMPERSONATION_MINUTES must be a whole number of minutes from 1 to 240");
  }
  return n;
}
