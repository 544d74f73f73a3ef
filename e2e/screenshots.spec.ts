import { test, expect, createKeyInUi, pageAs, rollInUi, whoami } from "./fixtures";

/**
 * Screenshots of the keys page for the README, at a laptop and a phone size,
 * over a few keys of each kind. Only runs when SCREENSHOTS is set
 * (SCREENSHOTS=before or after).
 */
const label = process.env.SCREENSHOTS;

test.describe.configure({ mode: "serial" });

test("keys page screenshots", async ({ browser, request }) => {
  test.skip(!label, "set SCREENSHOTS=before|after to take them");
  const page = await pageAs(browser, "owner");
  const secret = await createKeyInUi(page, { name: "Checkout server" });
  expect((await whoami(request, secret)).status()).toBe(200);
  await createKeyInUi(page, { name: "Webhooks worker" });
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API key" });
  await dialog.getByLabel("Name").fill("Storefront");
  await dialog.getByLabel("Publishable").check();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog).toBeHidden();

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto("/keys");
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `docs/screenshots/keys-${width}-${label}.png` });
  }
});

test("audit log screenshots", async ({ browser }) => {
  test.skip(!label, "set SCREENSHOTS=before|after to take them");
  const page = await pageAs(browser, "owner");
  await createKeyInUi(page, { name: "Checkout server" });
  await rollInUi(page, "Checkout server");

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto("/audit");
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `docs/screenshots/audit-${width}.png` });
  }
});
