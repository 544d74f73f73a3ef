/**
 * The current time for domain logic. Tests replace it to step through
 * deadlines (grace periods, reveal windows, impersonation) without sleeping.
 */
let override: (() => Date) | null = null;

export function now(): Date {
  return override ? override() : new Date();
}

export function setClock(fn: (() => Date) | null): void {
  override = fn;
}
