import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, createKeyInUi, pageAs, rollInUi, uniqueName, USERS } from "./fixtures";

/** No sideways scrolling: neither the page nor the events table is wider than the window. */
async function expectNoOverflow(page: Page) {
  const sizes = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    tables: Array.from(document.querySelectorAll<HTMLElement>('[data-testid="data-table"]')).map((t) => [t.scrollWidth, t.clientWidth]),
  }));
  expect(sizes.page, `${page.url()} is ${sizes.page}px wide in a ${sizes.window}px window`).toBeLessThanOrEqual(sizes.window);
  for (const [scroll, client] of sizes.tables) expect(scroll).toBeLessThanOrEqual(client!);
}

test("after a roll the log says who rolled which key, and the action pick-list narrows it", async ({ browser }) => {
  // A key made and rolled, then the log read five ways: more than a default test's budget on a busy runner.
  test.slow();
  const page = await pageAs(browser, "owner");
  const name = uniqueName("Audit checkout server");
  await createKeyInUi(page, { name });
  await rollInUi(page, name);

  await page.goto("/audit");
  const sentence = `${USERS.owner} rolled ${name}; the old secret works for 1 hour`;
  const rolled = page.getByRole("row").filter({ hasText: sentence });
  await expect(rolled).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: `${USERS.owner} created ${name}, a test secret key` })).toHaveCount(1);
  // Times read relative, with the exact moment on hover.
  await expect(rolled.locator("time")).toHaveText(/ago$/);
  await expect(rolled.locator("time")).toHaveAttribute("title", /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} /);
  // The raw event (action code and ids) is behind a disclosure.
  const details = rolled.locator("summary");
  await expect(rolled.getByText('"action": "api_key.rolled"')).toBeHidden();
  await details.click();
  await expect(rolled.getByText(/"action": "api_key\.rolled"/)).toBeVisible();
  const keyId = await page.evaluate((n) => {
    const row = Array.from(document.querySelectorAll("tr[data-action='api_key.rolled']")).find((r) => r.textContent?.includes(n));
    return JSON.parse(row?.querySelector("pre")?.textContent ?? "{}").target?.id as string;
  }, name);
  expect(keyId).toMatch(/^key_/);

  // The action pick-list: only rolls, this one among them; the URL keeps the filter.
  await page.getByLabel("Action").selectOption({ label: "Key rolled" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]action=api_key\.rolled(&|$)/);
  await expect(page.getByRole("row").filter({ hasText: sentence })).toHaveCount(1);
  const actions = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(["api_key.rolled"]));
  await expect(page.getByLabel("Action")).toHaveValue("api_key.rolled");

  // A target by name: this key's events (created, rolled, and its secret shown after each), nothing else.
  await page.goto(`/audit?target=${encodeURIComponent(name)}`);
  await expect(page.getByRole("row").filter({ hasText: sentence })).toHaveCount(1);
  const named = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")).sort());
  expect(named).toEqual(["api_key.created", "api_key.rolled", "api_key.secret_revealed", "api_key.secret_revealed"]);
  for (const text of await page.locator("tbody tr td:nth-child(2) > p").allTextContents()) expect(text).toContain(name);

  // The actor pick-list offers the members and reads back what it filters by.
  await page.goto("/audit");
  const viewer = await page.getByLabel("Actor").locator("option", { hasText: USERS.viewer }).getAttribute("value");
  await page.getByLabel("Actor").selectOption(viewer!);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]actor=usr_/);
  await expect(page.getByRole("row").filter({ hasText: sentence })).toHaveCount(0);

  // The CSV export carries the same sentence in its summary column.
  const csv = await (await page.request.get(`/audit/export?target=${keyId}`)).text();
  expect(csv.split("\r\n")[0]).toMatch(/^id,created_at,summary,/);
  expect(csv).toContain(`"${sentence}"`);
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const) {
  test(`the audit log fits ${size.width}×${size.height}, with cards on phones, and passes axe`, async ({ browser }) => {
    const page = await pageAs(browser, "owner");
    // At least one event with a long name and a list of changes.
    await createKeyInUi(page, { name: uniqueName("Audit layout key with a rather long descriptive name") });
    await page.setViewportSize(size);
    await page.goto("/audit");
    await page.waitForLoadState("networkidle");
    await expect(page.locator("tbody tr").first()).toBeVisible();
    await expectNoOverflow(page);
    // Open one event's details too: the raw JSON must wrap, not widen the page.
    await page.locator("tbody tr").first().locator("summary").click();
    await expectNoOverflow(page);
    const display = await page.locator("tbody tr").first().evaluate((r) => getComputedStyle(r).display);
    expect(display).toBe(size.width < 640 ? "block" : "table-row");
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
  });
}
