/**
 * Provider-credential maintenance.
 *
 *   npm run credentials -- rotate-master-key [--batch-size N] [--limit N]
 *       Re-wraps every credential's data key under the first key of
 *       KEYWARD_MASTER_KEYS, then re-seals webhook signing secrets and
 *       TOTP secrets under it. Keep the old key configured after the new one
 *       until this reports nothing remaining; safe to re-run at any time.
 *   npm run credentials -- status
 *       How many credentials and sealed secrets each master key holds.
 */
import "../lib/load-env";
import { db } from "../lib/db";
import { currentMasterKey, masterKeys } from "../lib/config/secrets";
import { masterKeyUsage, rotateMasterKey } from "../lib/credentials/master-key-rotation";
import { sealedSecretUsage } from "../lib/credentials/sealed-secrets";

function numberOption(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
  return value;
}

async function status() {
  const configured = masterKeys().map((k) => k.id);
  console.log(`Configured master keys (current first): ${configured.join(", ")}`);
  const usage = await masterKeyUsage();
  if (usage.length === 0) console.log("No provider credentials stored.");
  for (const u of usage) {
    const note = u.masterKeyId === configured[0] ? "current" : configured.includes(u.masterKeyId) ? "old" : "NOT CONFIGURED";
    console.log(`  ${u.masterKeyId.padEnd(32)} ${String(u.credentials).padStart(6)} credential(s)  ${note}`);
  }
  const sealed = await sealedSecretUsage();
  if (sealed.length === 0) console.log("No webhook or TOTP secrets stored.");
  for (const u of sealed) {
    const note = u.masterKeyId === configured[0] ? "current" : configured.includes(u.masterKeyId) ? "old" : "NOT CONFIGURED";
    console.log(`  ${u.masterKeyId.padEnd(32)} ${String(u.count).padStart(6)} ${u.kind.replaceAll("_", " ")}(s)  ${note}`);
  }
}

async function rotate(args: string[]) {
  const current = currentMasterKey();
  console.log(`Re-wrapping provider credentials under master key "${current.id}"…`);
  const result = await rotateMasterKey({
    batchSize: numberOption(args, "--batch-size"),
    limit: numberOption(args, "--limit"),
    onProgress: (p) =>
      console.log(`  ${p.done}/${p.total} processed: ${p.rewrapped} re-wrapped, ${p.skipped} already current, ${p.failed} failed`),
  });
  if (result.total === 0) console.log("Nothing to do: every credential already uses the current master key.");
  for (const f of result.failures) console.error(`  failed ${f.credentialId} (master key "${f.masterKeyId}"): ${f.error}`);
  console.log(`Webhook and TOTP secrets: ${result.sealed.resealed} re-sealed, ${result.sealed.skipped} changed meanwhile (already current).`);
  for (const f of result.sealed.failures) console.error(`  failed ${f.kind} ${f.id} (master key "${f.masterKeyId}"): ${f.error}`);
  if (result.remaining > 0 || result.sealed.failures.length > 0) {
    console.log(
      `${result.remaining} credential(s) and ${result.sealed.failures.length} sealed secret(s) still use an older master key. Keep the old key configured and run this again.`,
    );
  } else if (numberOption(args, "--limit") !== undefined) {
    console.log("Every credential uses the current master key. Run this again without --limit to re-seal webhook and TOTP secrets.");
  } else {
    console.log("Done: every credential and sealed secret uses the current master key. Older master keys can now be removed.");
  }
  return result.failed + result.sealed.failures.length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (command === "rotate-master-key") return rotate(args);
  if (command === "status") {
    await status();
    return 0;
  }
  console.error("Usage: npm run credentials -- rotate-master-key [--batch-size N] [--limit N] | status");
  return 2;
}

main()
  .then(async (code) => {
    await db.$disconnect();
    process.exit(code);
  })
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await db.$disconnect();
    process.exit(1);
  });
