import http from "node:http";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, createKeyInUi, rowAction, rowFor, storageStateFor, uniqueName, whoami } from "./fixtures";

test.use({ storageState: storageStateFor("owner") });

/** GET /api/v1/whoami with the secret, from another loopback address than the browser's and the request context's 127.0.0.1. */
function whoamiFrom(localAddress: string, secret: string): Promise<number> {
  const url = new URL(test.info().project.use.baseURL!);
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: "/api/v1/whoami", localAddress, headers: { authorization: `Bearer ${secret}` } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

const SHOTS = "test-results/key-usage-screenshots";

/** Full-page screenshots at a desktop and a phone size; nothing may scroll sideways. */
async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1440, 900],
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${width}px`).toBe(true);
    const tables = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="data-table"]')).every((t) => t.scrollWidth <= t.clientWidth),
    );
    expect(tables, `${name}: no table scrolls sideways at ${width}px`).toBe(true);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** The indented line under a key for its old secret, while the old secret still works. */
async function oldSecretRow(page: Page, name: string) {
  const successorId = await rowFor(page, name).getAttribute("data-key-id");
  return page.locator(`tr[data-old-secret-of="${successorId}"]`);
}

test("a key's usage, IPs and traffic since a roll", async ({ page, request }) => {
  const name = uniqueName("Usage");
  const secret = await createKeyInUi(page, { name });
  for (let i = 0; i < 3; i++) expect((await whoami(request, secret)).status()).toBe(200);

  // The detail page, reached from the key's name in the list.
  await page.reload();
  await rowFor(page, name).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // Usage is written about once a second, off the request path.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("usage-summary")).toContainText("3 requests in the last 24 hours", { timeout: 1000 });
  }).toPass();
  await expect(page.getByTestId("seen-ips")).toContainText("127.0.0.1");
  await expect(page.getByTestId("detail-last-used")).toContainText("127.0.0.1");
  await expect(page.getByRole("table", { name: "Requests per hour, last 24 hours (UTC)" })).toBeAttached();
  await page.getByRole("button", { name: "Last 30 days" }).click();
  await expect(page.getByRole("button", { name: "Last 30 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("table", { name: "Requests per day, last 30 days (UTC)" })).toBeAttached();
  // A secret key may do everything: one line, the table behind a disclosure.
  const permissions = page.getByTestId("permissions");
  await expect(permissions).toContainText("Full access");
  await expect(permissions.getByRole("table", { name: "Permissions" })).toBeHidden();
  await permissions.getByText("Show permissions by resource").click();
  await expect(permissions.getByRole("table", { name: "Permissions" }).getByRole("row", { name: "Charges Write" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Recent activity" })).toBeVisible();
  await expect(page.getByText("api_key.created")).toBeVisible();
  const axe = await new AxeBuilder({ page }).include("main").analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The list draws the same 24 hours in a sparkline.
  await page.goto("/keys");
  await expect(rowFor(page, name).getByRole("img", { name: "3 requests in the last 24 hours" })).toBeVisible();

  // Roll with a grace period: the dialog shows the last 24 hours first.
  await rowAction(rowFor(page, name), name, "Roll");
  const rollDialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(rollDialog.getByTestId("recent-traffic")).toContainText("3 requests from 127.0.0.1");
  await rollDialog.getByLabel("In 24 hours").check();
  await rollDialog.getByRole("button", { name: "Roll key" }).click();
  const revealed = page.getByRole("dialog", { name: "Save your secret key" });
  await expect(revealed).toBeVisible();
  await revealed.getByLabel("I have stored this secret somewhere safe").check();
  await revealed.getByRole("button", { name: "Done" }).click();

  // The old secret sits under its successor, not as a second row with the same name.
  await expect(rowFor(page, name)).toHaveCount(1);
  await expect(rowFor(page, name).getByRole("img", { name: "No requests in the last 24 hours" })).toBeVisible();
  const oldRow = await oldSecretRow(page, name);
  await expect(oldRow).toContainText(/Old secret of .* · stops in 2[34] hours/);
  await expect(oldRow).toContainText("No traffic since the roll: safe to revoke now");

  // Something still uses the old secret.
  for (let i = 0; i < 2; i++) expect((await whoami(request, secret)).status()).toBe(200);
  await expect(async () => {
    await page.reload();
    await expect(oldRow).toContainText("Still in use: 2 requests since the roll", { timeout: 1000 });
  }).toPass();
  await expect(oldRow).toContainText("from 127.0.0.1");
  await expect(oldRow.getByRole("img", { name: "5 requests in the last 24 hours" })).toBeVisible();
  await shoot(page, "keys-rolled");

  // Its grace period ends within a day: the suggestions banner says so, until dismissed.
  const suggestions = page.getByRole("region", { name: "Suggestions for your test keys" });
  await expect(suggestions.getByRole("link", { name })).toBeVisible();
  await suggestions.getByRole("button", { name: "Dismiss suggestions" }).click();
  await expect(suggestions).toBeHidden();

  // The old key's page says the same and links to its successor.
  await oldRow.getByRole("link", { name: `Old secret of ${name}` }).click();
  await expect(page.getByRole("heading", { name: "Is anyone still using the old secret?" })).toBeVisible();
  await expect(page).toHaveURL(/\/keys\/key_/);
  await expect(page.getByTestId("roll-traffic")).toContainText("Still in use: 2 requests since the roll");
  await expect(page.getByText("Replaced by", { exact: true })).toBeVisible();
});

test("a rolled key nobody uses any more can be revoked from its page", async ({ page }) => {
  const name = uniqueName("Quiet");
  await createKeyInUi(page, { name });
  await page.reload();
  await rowAction(rowFor(page, name), name, "Roll");
  const rollDialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(rollDialog.getByTestId("recent-traffic")).toContainText("No requests in the last 24 hours");
  await rollDialog.getByLabel("In 1 hour").check();
  await rollDialog.getByRole("button", { name: "Roll key" }).click();
  const revealed = page.getByRole("dialog", { name: "Save your secret key" });
  await revealed.getByLabel("I have stored this secret somewhere safe").check();
  await revealed.getByRole("button", { name: "Done" }).click();

  await (await oldSecretRow(page, name)).getByRole("link", { name: `Old secret of ${name}` }).click();
  await expect(page.getByRole("heading", { name: "Is anyone still using the old secret?" })).toBeVisible();
  await expect(page.getByTestId("roll-traffic")).toContainText("No traffic since the roll: safe to revoke now");
  await page.getByRole("button", { name: "Revoke now" }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await expect(dialog.getByTestId("recent-traffic")).toContainText("No requests in the last 24 hours");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
});

test("an unknown or foreign key id shows a not-found page", async ({ page }) => {
  const response = await page.goto("/keys/key_00000000000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such API key" })).toBeVisible();
});

test("a restricted key's permissions read as a table by resource", async ({ page }) => {
  const name = uniqueName("Scoped");
  await page.goto("/keys");
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Restricted").check();
  await dialog.getByLabel("Charges: read").check();
  await dialog.getByLabel("Refunds: write").check();
  await dialog.getByRole("button", { name: "Create key" }).click();
  const revealed = page.getByRole("dialog", { name: "Save your secret key" });
  await revealed.getByLabel("I have stored this secret somewhere safe").check();
  await revealed.getByRole("button", { name: "Done" }).click();

  await rowFor(page, name).getByRole("link", { name }).click();
  const table = page.getByTestId("permissions").getByRole("table", { name: "Permissions" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("row", { name: "Charges Read" })).toBeVisible();
  await expect(table.getByRole("row", { name: "Refunds Write" })).toBeVisible();
  await expect(table.getByRole("row", { name: "Customers None" })).toBeVisible();
  await expect(page.getByTestId("permissions")).not.toContainText("Full access");
  await shoot(page, "key-restricted");
});

test("a new IP address: “This was me” clears the alert for everyone, “Roll now” opens the roll", async ({ page, browser }) => {
  const name = uniqueName("New IP");
  const secret = await createKeyInUi(page, { name });
  expect(await whoamiFrom("127.0.0.1", secret)).toBe(200);
  await page.reload();
  const keyId = await rowFor(page, name).getAttribute("data-key-id");
  // The first address is the baseline; the next one, once recorded, is new.
  await expect(async () => {
    await page.goto(`/keys/${keyId}`);
    await expect(page.getByTestId("seen-ips")).toContainText("127.0.0.1", { timeout: 1000 });
  }).toPass();
  expect(await whoamiFrom("127.0.0.2", secret)).toBe(200);
  const alert = page.getByRole("region", { name: "Used from a new IP address in the last 7 days" });
  await expect(async () => {
    await page.reload();
    await expect(alert).toContainText("127.0.0.2", { timeout: 1000 });
  }).toPass();
  await shoot(page, "key-new-ip");

  // "Roll now" opens the usual roll dialog.
  await alert.getByRole("button", { name: "Roll now" }).click();
  const rollDialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(rollDialog).toBeVisible();
  await rollDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(rollDialog).toBeHidden();

  await alert.getByRole("button", { name: "This was me: 127.0.0.2" }).click();
  await expect(alert).toBeHidden();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Used from a new IP address in the last 7 days" })).toBeHidden();
  await expect(page.getByTestId("seen-ips")).toContainText("127.0.0.2");

  // Gone for the rest of the team too.
  const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
  const other = await viewer.newPage();
  await other.goto(`/keys/${keyId}`);
  await expect(other.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(other.getByTestId("seen-ips")).toContainText("127.0.0.2");
  await expect(other.getByTestId("new-ip-alerts")).toHaveCount(0);
  await viewer.close();
});
