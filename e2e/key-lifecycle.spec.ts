import type { Page } from "@playwright/test";
import { test, expect, createKeyInUi, rowFor, storageStateFor, uniqueName, whoami } from "./fixtures";

/** Pausing a key, finishing a roll early, and choosing notification emails, in the dashboard. */

test.use({ storageState: storageStateFor("owner") });

const SHOTS = "test-results/lifecycle-screenshots";

async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForLoadState("networkidle");
    // Nothing may scroll sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${width}px`).toBe(true);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function menuAction(page: Page, name: string, action: string) {
  await rowFor(page, name).getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menu", { name: `Actions for ${name}` }).getByRole("menuitem", { name: action }).click();
}

async function disableFromList(page: Page, name: string, screenshot = false) {
  await menuAction(page, name, "Disable");
  const dialog = page.getByRole("dialog", { name: `Disable “${name}”?` });
  await expect(dialog).toContainText("will be refused");
  if (screenshot) await shoot(page, "disable-dialog");
  await dialog.getByRole("button", { name: "Disable key" }).click();
  await expect(dialog).toBeHidden();
  await expect(rowFor(page, name)).toContainText("Disabled");
}

test("a key disabled from the list shows Disabled, and is enabled again from its page", async ({ page, request }) => {
  const name = uniqueName("Paused");
  const secret = await createKeyInUi(page, { name });
  expect((await whoami(request, secret)).status()).toBe(200);

  await disableFromList(page, name, true);
  // The default list keeps it (it can come back); the Disabled filter finds it, Active does not.
  await page.goto("/keys?status=disabled");
  await expect(rowFor(page, name)).toContainText("Disabled");
  await page.goto("/keys?status=active");
  await expect(rowFor(page, name)).toHaveCount(0);
  await page.goto("/keys");
  await shoot(page, "keys-disabled");

  await rowFor(page, name).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Disabled").first()).toBeVisible();
  await shoot(page, "key-page-disabled");
  await page.getByRole("button", { name: "Enable key" }).click();
  await expect(page.getByRole("button", { name: "Disable key" })).toBeVisible();
  expect((await whoami(request, secret)).status()).toBe(200);
  await expect(page.getByText("api_key.enabled")).toBeVisible();
  await expect(page.getByText("api_key.disabled")).toBeVisible();
});

// The refusal is authentication's: it needs the disabledAt check in lib/api-keys/authenticate.ts,
// which is built alongside this change. Until both are in the build, whoami still answers 200 here.
test("a key disabled in the dashboard is refused by the API, with the same 401 as no key", async ({ page, request }) => {
  const name = uniqueName("Refused");
  const secret = await createKeyInUi(page, { name });
  expect((await whoami(request, secret)).status()).toBe(200);
  await disableFromList(page, name);
  const refused = await whoami(request, secret);
  expect(refused.status()).toBe(401);
  expect(await refused.text()).toBe(await (await request.get("/api/v1/whoami")).text());
});

test("a roll is finished from the new key's page: the old secret stops at once", async ({ page, request }) => {
  const name = uniqueName("Rolled");
  const oldSecret = await createKeyInUi(page, { name });
  await menuAction(page, name, "Roll");
  const rollDialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await rollDialog.getByLabel("In 24 hours").check();
  await rollDialog.getByRole("button", { name: "Roll key" }).click();
  const revealed = page.getByRole("dialog", { name: "Save your secret key" });
  const newSecret = await revealed.getByLabel("Secret key").inputValue();
  await revealed.getByLabel("I have stored this secret somewhere safe").check();
  await revealed.getByRole("button", { name: "Done" }).click();
  // The old secret stays unused: the page offers to end it only after 15 quiet minutes (and the server holds to that).

  await rowFor(page, name).filter({ hasText: "Active" }).getByRole("link", { name }).click();
  const previous = page.getByRole("region", { name: "The previous secret still works" });
  await expect(previous).toContainText("not been used in the last 15 minutes");
  await shoot(page, "key-page-previous-secret");
  await previous.getByRole("button", { name: "End old secret now" }).click();
  const dialog = page.getByRole("dialog", { name: "End the old secret now?" });
  await shoot(page, "end-old-secret-dialog");
  await dialog.getByRole("button", { name: "End old secret" }).click();
  await expect(dialog).toBeHidden();
  await expect(previous).toBeHidden();

  expect((await whoami(request, oldSecret)).status()).toBe(401);
  expect((await whoami(request, newSecret)).status()).toBe(200);
  await page.goto("/keys?status=expired");
  await expect(rowFor(page, name)).toContainText("Expired");
});

test("notification emails are chosen per merchant under Account, and the page says when email is not configured", async ({ page }) => {
  await page.goto("/account/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  // The end-to-end server runs without SMTP_URL.
  await expect(page.getByRole("status").filter({ hasText: "Email is not configured" })).toBeVisible();
  const acme = page.getByRole("region", { name: "Acme Payments" });
  const newIp = acme.getByLabel("A key was used from a new IP address");
  await expect(newIp).toHaveValue("live");
  await expect(acme.getByLabel("A key was created")).toHaveValue("off");
  await shoot(page, "account-notifications");

  await acme.getByLabel("A key was created").selectOption("all");
  await newIp.selectOption("off");
  await acme.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved email choices for Acme Payments")).toBeVisible();
  await page.reload();
  await expect(acme.getByLabel("A key was created")).toHaveValue("all");
  await expect(acme.getByLabel("A key was used from a new IP address")).toHaveValue("off");
  await expect(acme).toContainText("Your own choices.");
});
