import { expect, test } from "./fixtures";

/** The pages' Content-Security-Policy holds in a real browser: injected markup cannot run code. */

test("an injected inline script or event handler does not run, and the browser reports it", async ({ browser }) => {
  // A page of its own, not watched by the violation guard: here a violation is the point.
  const context = await browser.newContext();
  const page = await context.newPage();
  const reports: string[] = [];
  page.on("console", (message) => reports.push(message.text()));
  await page.goto("/login");
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { injectedScript?: boolean; injectedHandler?: boolean };
    const script = document.createElement("script");
    script.textContent = "window.injectedScript = true";
    document.body.appendChild(script);
    const holder = document.createElement("div");
    holder.innerHTML = '<img alt="" src="/no-such-image.png" onerror="window.injectedHandler = true">';
    document.body.appendChild(holder);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { script: w.injectedScript === true, handler: w.injectedHandler === true };
  });
  expect(ran).toEqual({ script: false, handler: false });
  expect(reports.some((text) => /Content Security Policy/i.test(text))).toBe(true);
  // The page itself still works under the policy.
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await context.close();
});
