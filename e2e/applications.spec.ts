import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { test, expect, pageAs, storageStateFor, uniqueName } from "./fixtures";

const alnum = (n: number) => randomBytes(n * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, n);
const stripeKey = (env: "test" | "live", last4: string) => `sk_${env}_${alnum(28)}${last4}`;

function providerRow(page: Page, label: string) {
  return page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
}

async function createApplication(page: Page, name: string, environment: "test" | "live") {
  await page.goto("/applications");
  await page.getByRole("button", { name: "New application" }).click();
  const dialog = page.getByRole("dialog", { name: "New application" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Environment").selectOption(environment);
  await dialog.getByRole("button", { name: "Create application" }).click();
  await expect(page).toHaveURL(/\/applications\/app_[0-9A-Za-z]{20}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test.describe("applications and provider credentials as an owner", () => {
  test.use({ storageState: storageStateFor("owner") });

  test("the new-application form shows errors under its fields, focuses the first, and starts clean after closing", async ({ page }) => {
    await page.goto("/applications");
    await page.getByRole("button", { name: "New application" }).click();
    const dialog = page.getByRole("dialog", { name: "New application" });
    await dialog.getByLabel("Description (optional)").fill("x".repeat(501));
    await dialog.getByRole("button", { name: "Create application" }).click();
    await expect(dialog.getByText("Name is required")).toBeVisible();
    await expect(dialog.getByText("Description must be at most 500 characters")).toBeVisible();
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "New application" }).click();
    await expect(dialog.getByLabel("Description (optional)")).toHaveValue("");
    await expect(dialog.getByText("Name is required")).toHaveCount(0);
  });

  test("add a Stripe test key, see only its mask, rotate it with a confirmation, delete the application", async ({ page }) => {
    const name = uniqueName("Web checkout");
    await createApplication(page, name, "test");

    const first = stripeKey("test", "4242");
    await providerRow(page, "Stripe").getByRole("button", { name: "Add Stripe credentials" }).click();
    const add = page.getByRole("dialog", { name: "Add Stripe credentials" });
    await add.getByLabel("Secret key").fill(first);
    await add.getByRole("button", { name: "Save credentials" }).click();
    await expect(add).toBeHidden();
    await expect(providerRow(page, "Stripe")).toContainText("sk_test_…4242");

    // After a reload: the mask, who set it, never rotated, and no trace of the key.
    await page.reload();
    const row = providerRow(page, "Stripe");
    await expect(row.getByTestId("credential-mask")).toHaveText("sk_test_…4242");
    await expect(row).toContainText("by owner@acme.test");
    await expect(row.getByTestId("credential-rotated")).toHaveText("Never");
    expect(await page.content()).not.toContain(first.slice(8, -4));

    // Rotate: enter the new key, then confirm the replacement.
    const second = stripeKey("test", "9999");
    await row.getByRole("button", { name: "Rotate Stripe key" }).click();
    const rotate = page.getByRole("dialog", { name: "Rotate the Stripe key" });
    await rotate.getByLabel("New secret key").fill(second);
    await rotate.getByRole("button", { name: "Continue" }).click();
    await expect(rotate).toContainText("Replace sk_test_…4242 with sk_test_…9999?");
    await rotate.getByRole("button", { name: "Confirm rotation" }).click();
    await expect(rotate).toBeHidden();

    await page.reload();
    const rotated = providerRow(page, "Stripe");
    await expect(rotated.getByTestId("credential-mask")).toHaveText("sk_test_…9999");
    await expect(rotated.getByTestId("credential-rotated")).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/);
    const html = await page.content();
    expect(html).not.toContain(first.slice(8, -4));
    expect(html).not.toContain(second.slice(8, -4));

    // The list shows the application with its provider's mask.
    await page.goto("/applications");
    const listRow = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
    await expect(listRow).toContainText("sk_test_…9999");

    // Delete, confirmed in a modal that names what goes with it.
    await listRow.getByRole("link", { name }).click();
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: `Delete “${name}”?` });
    await expect(confirm).toContainText("1 provider credential (Stripe)");
    await confirm.getByRole("button", { name: "Delete application" }).click();
    await expect(page).toHaveURL(/\/applications$/);
    await expect(page.getByRole("link", { name })).toHaveCount(0);
  });

  test("a live application refuses a Stripe test key with a clear message", async ({ page }) => {
    await createApplication(page, uniqueName("Point of sale"), "live");
    await providerRow(page, "Stripe").getByRole("button", { name: "Add Stripe credentials" }).click();
    const add = page.getByRole("dialog", { name: "Add Stripe credentials" });
    await add.getByLabel("Secret key").fill(stripeKey("test", "1234"));
    await add.getByRole("button", { name: "Save credentials" }).click();
    await expect(add.getByText("This is a Stripe test key, but this is a live application: use a sk_live_… key")).toBeVisible();
    await add.getByRole("button", { name: "Cancel" }).click();
    await page.reload();
    await expect(providerRow(page, "Stripe")).toContainText("Not configured");

    // A live key is accepted.
    await providerRow(page, "Stripe").getByRole("button", { name: "Add Stripe credentials" }).click();
    await add.getByLabel("Secret key").fill(stripeKey("live", "5678"));
    await add.getByRole("button", { name: "Save credentials" }).click();
    await expect(providerRow(page, "Stripe").getByTestId("credential-mask")).toHaveText("sk_live_…5678");
  });
});

test.describe("roles", () => {
  test.describe("viewer", () => {
    test.use({ storageState: storageStateFor("viewer") });
    test("sees applications and masks but no way to change them", async ({ page, browser }) => {
      const owner = await pageAs(browser, "owner");
      const name = uniqueName("Viewed app");
      await createApplication(owner, name, "test");
      await providerRow(owner, "Stripe").getByRole("button", { name: "Add Stripe credentials" }).click();
      const add = owner.getByRole("dialog", { name: "Add Stripe credentials" });
      await add.getByLabel("Secret key").fill(stripeKey("test", "3333"));
      await add.getByRole("button", { name: "Save credentials" }).click();
      await expect(add).toBeHidden();
      await owner.context().close();

      await page.goto("/applications");
      await expect(page.getByRole("button", { name: "New application" })).toHaveCount(0);
      await page.getByRole("link", { name }).click();
      await expect(providerRow(page, "Stripe").getByTestId("credential-mask")).toHaveText("sk_test_…3333");
      await expect(page.getByText("Your role (viewer) can view these credentials but not change them.")).toBeVisible();
      await expect(page.getByRole("button", { name: /^(Add|Rotate|Remove) / })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Rename" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    });
  });

  test.describe("developer", () => {
    test.use({ storageState: storageStateFor("developer") });
    test("can create test applications only", async ({ page }) => {
      await page.goto("/applications");
      await page.getByRole("button", { name: "New application" }).click();
      const options = page.getByRole("dialog", { name: "New application" }).getByLabel("Environment").locator("option");
      await expect(options).toHaveText(["Test"]);
    });
  });
});
