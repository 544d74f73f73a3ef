import AxeBuilder from "@axe-core/playwright";
import { test, expect, pageAs, type DemoUser } from "./fixtures";

/** Automated WCAG 2.1 A/AA checks on every main page; serious and critical findings fail. */
const PAGES: [DemoUser | null, string][] = [
  [null, "/login"],
  ["owner", "/keys"],
  ["owner", "/keys?environment=live"],
  ["owner", "/applications"],
  ["owner", "/team"],
  ["owner", "/audit"],
  ["viewer", "/keys"],
  ["support", "/support"],
  ["owner", "/account/security"],
  ["owner", "/account/sessions"],
  ["support", "/account/security"],
  [null, "/docs/api"],
];

for (const [user, path] of PAGES) {
  test(`${path} as ${user ?? "a visitor"} has no serious accessibility violations`, async ({ browser }) => {
    const page = user ? await pageAs(browser, user) : await (await browser.newContext()).newPage();
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      // The embedded API reference renderer is a third-party widget; our own page around it is checked.
      .exclude(".scalar-app")
      .analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
  });
}
