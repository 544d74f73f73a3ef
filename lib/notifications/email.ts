import "server-only";

/** An outbox event as the email notifier receives it. */
export type NotifiableEvent = {
  id: string;
  type: string;
  merchantId: string;
  environment: "test" | "live" | null;
  occurredAt: Date;
  data: Record<string, unknown>;
};

/**
 * Emails the members who chose this event (idempotent per event and
 * recipient; a no-op without SMTP_URL). Placeholder: sends nothing.
 */
export async function emailEvent(event: NotifiableEvent): Promise<void> {
  void event;
}
