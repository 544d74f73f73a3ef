import { test, expect, signIn, USERS } from "./fixtures";

/**
 * Server-side sessions: signing out ends the session for every copy of its
 * cookie, and the sessions page lists and ends sessions. Each test signs in
 * afresh: the shared demo sign-ins must stay signed in for other specs.
 */

test("a copied session cookie is refused after sign-out", async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await signIn(page, USERS.viewer);
  await expect(page).toHaveURL(/\/keys/);

  // Someone copies the cookies into another browser.
  const copy = await browser.newContext({ storageState: await first.storageState() });
  const copied = await copy.newPage();
  await copied.goto("/keys");
  await expect(copied.getByRole("heading", { name: "API keys" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await copied.goto("/keys");
  await expect(copied).toHaveURL(/\/login/);
  const res = await copy.request.get("/api/auth/session");
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { user?: unknown } | null;
  expect(body?.user).toBeUndefined();
  await first.close();
  await copy.close();
});

test("the sessions page lists sessions and ends another one", async ({ browser }) => {
  const laptop = await browser.newContext();
  const phone = await browser.newContext({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1" });
  const a = await laptop.newPage();
  const b = await phone.newPage();
  await signIn(a, USERS.globex);
  await expect(a).toHaveURL(/\/keys/);
  await signIn(b, USERS.globex);
  await expect(b).toHaveURL(/\/keys/);

  await a.getByRole("link", { name: "Account" }).click();
  await a.getByRole("link", { name: "Sessions" }).click();
  const list = a.getByRole("list", { name: "Active sessions" });
  await expect(list.getByText("This session")).toBeVisible();
  const phoneRow = list.getByRole("listitem").filter({ hasText: "Safari on iOS" });
  await expect(phoneRow).toHaveCount(1);
  await a.setViewportSize({ width: 1440, height: 900 });
  await a.screenshot({ path: "/tmp/kw-sessions-1440.png", fullPage: true });
  await a.setViewportSize({ width: 390, height: 844 });
  await a.screenshot({ path: "/tmp/kw-sessions-390.png", fullPage: true });

  await phoneRow.getByRole("button", { name: /End session/ }).click();
  await expect(phoneRow).toHaveCount(0);

  await b.goto("/keys");
  await expect(b).toHaveURL(/\/login/);
  await laptop.close();
  await phone.close();
});
