import "server-only";
import { postgresPool } from "./index";

/**
 * Runs `work` only if no other instance is running the job of this name:
 * on PostgreSQL a session-level advisory lock, tried without waiting (an
 * instance that finds it taken skips this round) and released with the
 * connection even if the process dies. SQLite serves one instance, so the
 * job simply runs.
 */
export async function runExclusively<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!postgresPool) return { ran: true, value: await work() };
  const client = await postgresPool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`keyward:job:${name}`]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`keyward:job:${name}`]).catch((err: Error) => {
        broken = err;
      });
    }
  } catch (err) {
    broken ??= err instanceof Error ? err : new Error("advisory lock failed");
    throw err;
  } finally {
    // A connection whose unlock failed is discarded, which ends its session and so its lock.
    client.release(broken);
  }
}
