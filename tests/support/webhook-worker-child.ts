export {};

/**
 * Runs the webhook worker in a process of its own, against DATABASE_URL,
 * so a test can kill it mid-delivery (SIGKILL: no clean-up at all).
 */
const { startWebhookWorker } = await import("@/lib/webhooks/worker");
startWebhookWorker();
process.stdout.write("worker started\n");
// The worker's timer is unref'd: keep the process alive until killed.
setInterval(() => {}, 60_000);
