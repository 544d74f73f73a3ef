import { expect, test } from "./fixtures";

/** The pages' Content-Security-Policy holds in a real browser: injected markup cannot run code. */

test("markup injected into a page cannot run a script or an event handler, and the browser reports it", async ({ browser }) => {
  // A page of its own, not watched by the violation guard: here a violation is the point.
  const context = await browser.newContext();
  const page = await context.newPage();
  const reports: string[] = [];
  page.on("console", (message) => reports.push(message.text()));
  // As a stored XSS would: the server's own response, with its policy, carrying markup it did not mean to.
  await page.route("**/login", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      "</body>",
      '<script>window.injectedScript = true</script><img alt="" src="/no-such-image.png" onerror="window.injectedHandler = true"></body>',
    );
    await route.fulfill({ response, body: html });
  });
  await page.goto("/login");
  await page.waitForTimeout(500);
  const ran = await page.evaluate(() => {
    const w = window as unknown as { injectedScript?: boolean; injectedHandler?: boolean };
    return { script: w.injectedScript === true, handler: w.injectedHandler === true };
  });
  expect(ran).toEqual({ script: false, handler: false });
  expect(reports.filter((text) => /Content Security Policy/i.test(text)).length).toBeGreaterThanOrEqual(2);
  // The page's own scripts carry the nonce and still run: the form works.
  await page.getByLabel("Email").fill("owner@acme.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();
  await context.close();
});
