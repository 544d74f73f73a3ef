/**
 * Runs once when the server starts. In production it refuses to start
 * without the secrets it needs (hash secrets, master key, auth secret)
 * rather than failing later on the first request that needs one, and it
 * starts the periodic clean-up of expired secrets and idempotency records.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NODE_ENV === "production") {
    const { assertServerSecrets } = await import("./lib/config/secrets");
    try {
      assertServerSecrets();
    } catch (err) {
      console.error(`Keyward cannot start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startMaintenance } = await import("./lib/maintenance");
    startMaintenance();
    // Delivers webhook events from the outbox (safe on several instances).
    const { startWebhookWorker } = await import("./lib/webhooks/worker");
    startWebhookWorker();
  }
}
