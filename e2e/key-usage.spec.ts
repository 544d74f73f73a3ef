import AxeBuilder from "@axe-core/playwright";
import { test, expect, createKeyInUi, rowAction, rowFor, storageStateFor, uniqueName, whoami } from "./fixtures";

test.use({ storageState: storageStateFor("owner") });

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
  await expect(page.getByRole("list", { name: "Permissions" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Recent activity" })).toBeVisible();
  await expect(page.getByText("api_key.created")).toBeVisible();
  const axe = await new AxeBuilder({ page }).include("main").analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Roll with a grace period: the dialog shows the last 24 hours first.
  await page.goto("/keys");
  await rowAction(rowFor(page, name), name, "Roll");
  const rollDialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(rollDialog.getByTestId("recent-traffic")).toContainText("3 requests from 127.0.0.1");
  await rollDialog.getByLabel("In 24 hours").check();
  await rollDialog.getByRole("button", { name: "Roll key" }).click();
  const revealed = page.getByRole("dialog", { name: "Save your secret key" });
  await expect(revealed).toBeVisible();
  await revealed.getByLabel("I have stored this secret somewhere safe").check();
  await revealed.getByRole("button", { name: "Done" }).click();

  const oldRow = rowFor(page, name).filter({ hasText: "Expiring" });
  await expect(oldRow).toContainText("No traffic since the roll: safe to revoke now");

  // Something still uses the old secret.
  for (let i = 0; i < 2; i++) expect((await whoami(request, secret)).status()).toBe(200);
  await expect(async () => {
    await page.reload();
    await expect(oldRow).toContainText("Still in use: 2 requests since the roll", { timeout: 1000 });
  }).toPass();
  await expect(oldRow).toContainText("from 127.0.0.1");

  // Its grace period ends within a day: the suggestions banner says so, until dismissed.
  const suggestions = page.getByRole("region", { name: "Suggestions for your test keys" });
  await expect(suggestions.getByRole("link", { name })).toBeVisible();
  await suggestions.getByRole("button", { name: "Dismiss suggestions" }).click();
  await expect(suggestions).toBeHidden();

  // The old key's page says the same and links to its successor.
  await oldRow.getByRole("link", { name }).click();
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

  await rowFor(page, name).filter({ hasText: "Expiring" }).getByRole("link", { name }).click();
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
