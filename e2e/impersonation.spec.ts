import { readFileSync } from "node:fs";
import type { APIResponse, Page } from "@playwright/test";
import { test, expect, createKeyInUi, pageAs, rowAction, rowFor, uniqueName } from "./fixtures";

/**
 * Support impersonation end to end. One serial flow: ending an impersonation
 * (or signing out) ends every open impersonation of the support user, so
 * these steps must not interleave with another test using that account.
 */
test.describe.configure({ mode: "serial" });

const REASON = "Merchant reports checkout failures after a key change";

/**
 * The id of a server action as the browser sends it, read from the build's
 * server reference manifest (the same id the dashboard's JavaScript holds).
 */
function actionId(file: string, exportName: string): string {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(`${dist}/server/server-reference-manifest.json`, "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const match = Object.entries(manifest.node).find(([, e]) => e.exportedName === exportName && e.filename?.endsWith(file));
  if (!match) throw new Error(`No server action ${exportName} in ${file}`);
  return match[0];
}

/** Calls a dashboard server action directly, as a forged request from the signed-in browser would. */
async function forgeAction(page: Page, path: string, id: string, args: unknown[]): Promise<APIResponse> {
  const origin = new URL(page.url()).origin;
  return page.request.post(path, {
    headers: { "next-action": id, origin, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify(args),
  });
}

test("support impersonates Acme, is limited to safe actions, and Acme's owner sees it all", async ({ browser }) => {
  // Two users, a dozen pages and the audit log read four ways: more than a default test's budget on a busy runner.
  test.slow();
  // Fixture: Acme's owner creates two keys through the dashboard.
  const owner = await pageAs(browser, "owner");
  const target = uniqueName("Support target");
  const other = uniqueName("Untouched");
  await createKeyInUi(owner, { name: target });
  await createKeyInUi(owner, { name: other });
  await owner.goto("/keys");
  const targetId = await rowFor(owner, target).getAttribute("data-key-id");
  const otherId = await rowFor(owner, other).getAttribute("data-key-id");
  expect(targetId).toMatch(/^key_/);

  // Support finds Acme and starts impersonating with a reason after re-entering their password.
  const support = await pageAs(browser, "support");
  await support.goto("/support");
  await support.getByLabel("Search merchants").fill("Acme");
  await support.getByRole("button", { name: "Search" }).click();
  const acmeRow = support.getByRole("row").filter({ has: support.getByRole("rowheader", { name: "Acme Payments" }) });
  await acmeRow.getByRole("button", { name: "Impersonate" }).click();
  const dialog = support.getByRole("dialog", { name: "Impersonate Acme Payments" });
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByLabel("Ticket reference (optional)").fill("SUP-4242");
  await dialog.getByLabel("Your password").fill("not-my-password");
  await dialog.getByRole("button", { name: "Start impersonation" }).click();
  await expect(dialog.getByText("Incorrect password")).toBeVisible();
  await dialog.getByLabel("Your password").fill("demo-password-1");
  await dialog.getByRole("button", { name: "Start impersonation" }).click();

  // The banner names the merchant and the staff member, with the time left; Acme's keys are listed.
  await expect(support).toHaveURL(/\/keys/);
  const banner = support.getByRole("region", { name: "Support impersonation" });
  await expect(banner).toContainText("Sam Support");
  await expect(banner).toContainText("Acme Payments");
  await expect(banner).toContainText(/Time left: (29|30):\d\d/);
  await expect(rowFor(support, target)).toBeVisible();
  await expect(rowFor(support, other)).toBeVisible();

  // No control to create, reveal or roll secrets.
  await expect(support.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await rowFor(support, target).getByRole("button", { name: `Actions for ${target}` }).click();
  await expect(support.getByRole("menuitem", { name: "Revoke" })).toBeVisible();
  await expect(support.getByRole("menuitem", { name: "Roll" })).toHaveCount(0);
  await support.keyboard.press("Escape");
  await expect(support.getByRole("button", { name: /Reveal secret/ })).toHaveCount(0);

  // Forged requests to the same server actions are refused by the key service.
  const keysActions = "app/(dashboard)/keys/actions.ts";
  const forged = [
    await forgeAction(support, "/keys", actionId(keysActions, "revealKeyAction"), [targetId]),
    await forgeAction(support, "/keys", actionId(keysActions, "rollKeyAction"), [{ id: targetId, expirePreviousIn: 0, confirmName: target }]),
    await forgeAction(support, "/keys", actionId(keysActions, "createKeyAction"), [{ name: "Forged", type: "secret", environment: "test" }]),
  ];
  for (const res of forged) {
    expect(res.status()).toBe(200);
    const body = await res.text();
    expect(body).toContain('"ok":false');
    expect(body).toContain("Support staff cannot do this while impersonating a merchant");
    expect(body).not.toMatch(/sk_(test|live)_/);
  }

  // The team cannot be changed either: no invite control.
  await support.goto("/team");
  await expect(support.getByRole("heading", { name: "Team" })).toBeVisible();
  await expect(support.getByRole("button", { name: "Invite member" })).toHaveCount(0);

  // Revoking is allowed (incident response).
  await support.goto("/keys");
  await rowAction(rowFor(support, target), target, "Revoke");
  const revoke = support.getByRole("dialog", { name: `Revoke “${target}”?` });
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(revoke).toBeHidden();
  await support.goto("/keys?status=all");
  await expect(rowFor(support, target)).toContainText(/revoked/i);

  // Ending returns to the console; the dashboard no longer acts for Acme.
  await banner.getByRole("button", { name: "End impersonation" }).click();
  await expect(support).toHaveURL(/\/support/);
  await expect(support.getByRole("region", { name: "Support impersonation" })).toHaveCount(0);
  await support.goto("/keys");
  await expect(support).toHaveURL(/\/support/);

  // Acme's owner: the roll attempt changed nothing, and the log tells who, when and why.
  await owner.goto("/keys");
  await expect(rowFor(owner, other)).toBeVisible();
  await expect(owner.locator(`[data-key-id="${otherId}"]`)).toHaveCount(1);
  await owner.goto("/audit?action=impersonation.");
  const started = owner.locator('tr[data-action="impersonation.started"]').first();
  await expect(started).toContainText(`Keyward support (Sam Support) started accessing this account (ticket SUP-4242): ${REASON}`);
  await expect(started).toContainText("Sam Support (support)");
  await expect(owner.locator('tr[data-action="impersonation.ended"]').first()).toContainText(
    /Keyward support \(Sam Support\) stopped accessing this account after \d+ (second|minute)/,
  );

  await owner.goto(`/audit?target=${targetId}`);
  const revoked = owner.locator('tr[data-action="api_key.revoked"]');
  await expect(revoked).toHaveCount(1);
  await expect(revoked).toContainText(`Keyward support (Sam Support) revoked ${target}`);
  await expect(revoked).toContainText("Sam Support (support)");
  await expect(revoked).toContainText(REASON);
  // The CSV export carries the same events, with the reason.
  const csv = await owner.request.get("/audit/export?action=impersonation.");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text).toContain('"impersonation.started"');
  expect(text).toContain('"Sam Support (support)"');
  expect(text).toContain(REASON);

  // No roll, reveal or creation was recorded for support.
  await owner.goto("/audit?actor=Sam%20Support");
  await expect(owner.locator('tr[data-action="api_key.revoked"]').first()).toBeVisible();
  await expect(owner.locator('tr[data-action="api_key.rolled"], tr[data-action="api_key.secret_revealed"], tr[data-action="api_key.created"]')).toHaveCount(0);
});

test("merchant users cannot reach the support console or start an impersonation", async ({ browser }) => {
  const owner = await pageAs(browser, "owner");
  const res = await owner.goto("/support");
  expect(res?.status()).toBe(404);
  // The start action refuses them before it reads any input.
  const forged = await forgeAction(owner, "/support", actionId("app/(support)/support/actions.ts", "startImpersonationAction"), [{}, null]);
  expect(await forged.text()).toContain("Only support staff can do this");
  await owner.goto("/keys");
  await expect(owner.getByRole("region", { name: "Support impersonation" })).toHaveCount(0);
});
