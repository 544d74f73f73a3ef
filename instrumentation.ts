/**
 * Runs once when the server starts: secrets check, startup log, periodic
 * clean-up (lib/startup.ts). Node.js only; the edge runtime has nothing to start.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    startServer();
    // Delivers webhook events from the outbox (safe on several instances).
    const { startWebhookWorker } = await import("./lib/webhooks/worker");
    startWebhookWorker();
  }
}
