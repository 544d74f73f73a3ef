import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startReceiver, type Receiver } from "../tests/support/webhook-receiver";
import { test, expect, storageStateFor } from "./fixtures";

/**
 * Webhooks from the dashboard: add an endpoint (its secret shown once), send
 * a test event to a real receiver on 127.0.0.1, see the delivery in the log,
 * resend it with the same webhook-id. The server allows private addresses
 * (KEYWARD_WEBHOOK_ALLOW_PRIVATE=true), as in development.
 */

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver("/keyward");
});
test.afterAll(async () => {
  await receiver.close();
});

async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    // A toast fading in or out is measured mid-animation; the page itself is what is checked.
    .exclude("[data-sonner-toaster]")
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

async function noHorizontalOverflow(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, "page scrolls sideways").toBeLessThanOrEqual(client);
}

/** The page at desktop and phone width, each without sideways scrolling, as full-page screenshots `<name>-<width>.png`; back at desktop width after. */
async function screenshotsAtBothWidths(page: Page, testInfo: TestInfo, name: string) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await noHorizontalOverflow(page);
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe("webhooks as an owner", () => {
  test.use({ storageState: storageStateFor("owner") });

  test("add an endpoint, send a test event, see it delivered in the log, resend it", async ({ page }, testInfo) => {
    // Many steps, two deliveries and axe at two widths: a long test's budget.
    test.slow();
    await page.goto("/webhooks");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).first().waitFor();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Add endpoint" });

    // A non-https URL is refused in the form, before anything is sent.
    await dialog.getByLabel("Endpoint URL").fill("http://hooks.example.com/keyward");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog.getByText(/must use https/)).toBeVisible();
    await expect(dialog.getByLabel("Endpoint URL")).toBeFocused();

    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: testInfo.outputPath("add-endpoint-390.png") });
    await page.setViewportSize({ width: 1440, height: 900 });

    await dialog.getByLabel("Endpoint URL").fill(receiver.url);
    await dialog.getByLabel("Description (optional)").fill("End-to-end receiver");
    await dialog.getByLabel("Environment").selectOption("test");
    // An event no other test of this merchant causes, so this receiver gets only what this test sends.
    await dialog.getByRole("checkbox", { name: /Key leaked/ }).check();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();

    const revealed = page.getByRole("dialog", { name: "Save the signing secret" });
    const secret = await revealed.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await revealed.getByLabel("I have stored this secret somewhere safe").check();
    await revealed.getByRole("button", { name: "Done" }).click();
    await expect(page).toHaveURL(/\/webhooks\/we_[0-9A-Za-z]{20}$/);
    await expect(page.getByRole("heading", { level: 1, name: receiver.url })).toBeVisible();
    await expect(page.getByText("No deliveries yet")).toBeVisible();

    await page.getByRole("button", { name: "Send test event" }).click();
    const row = page.getByTestId("delivery-row").filter({ hasText: "webhook.test" });
    // The page looks again while the delivery waits; the worker sends it within a second or so.
    await expect(row.getByText("Delivered")).toBeVisible({ timeout: 20_000 });
    await expect(row).toContainText("HTTP 200");
    await row.getByText("webhook.test").click();
    await expect(row).toContainText("Attempt 1: 200");

    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(receiver.requests).toHaveLength(1);
    const first = receiver.requests[0]!;
    expect(() => new Webhook(secret).verify(first.body, first.headers)).not.toThrow();
    expect(JSON.parse(first.body)).toMatchObject({ type: "webhook.test", environment: "test" });
    await expect(row).toContainText(first.id);

    await screenshotsAtBothWidths(page, testInfo, "webhook-endpoint");

    // Resend: the same event again, with the same webhook-id.
    await row.getByRole("button", { name: "Resend webhook.test" }).click();
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(2);
    expect(receiver.requests[1]!.id).toBe(first.id);
    await expect(row).toContainText("2 attempts", { timeout: 20_000 });

    await page.goto("/webhooks");
    const listed = page.getByRole("row").filter({ hasText: receiver.url });
    await expect(listed).toContainText("Enabled");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshotsAtBothWidths(page, testInfo, "webhooks");
  });
});

test.describe("webhooks as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("sees endpoints but no controls, and is told why", async ({ page }) => {
    await page.goto("/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
    await expect(page.getByTestId("role-notice")).toContainText("can view endpoints");
  });
});
