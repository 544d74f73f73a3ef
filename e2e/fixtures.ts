import Database from "better-sqlite3";
import { expect, test as base, type APIRequestContext, type Browser, type Locator, type Page } from "@playwright/test";

export const PASSWORD = "demo-password-1";
export const USERS = {
  owner: "owner@acme.test",
  developer: "dev@acme.test",
  viewer: "viewer@acme.test",
  globex: "owner@globex.test",
  support: "support@keyward.test",
} as const;
export type DemoUser = keyof typeof USERS;

/** Per server port, so test runs against different servers never share sign-ins. */
export const AUTH_DIR = `e2e/.auth/${process.env.E2E_PORT ?? "3100"}`;
export const storageStateFor = (user: DemoUser) => `${AUTH_DIR}/${user}.json`;

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Sensitive changes ask "Confirm it's you" once the session's last
 * confirmation is more than 10 minutes old, which a long run of the suite
 * reaches with the sign-ins saved by the setup project. Demo users then
 * confirm with their password, as a person would. Tests of the dialog
 * itself call page.removeLocatorHandler(stepUpDialog(page)).
 */
export const stepUpDialog = (page: Page) => page.getByRole("dialog", { name: "Confirm it's you" });

export async function confirmWhenAsked(page: Page, password = PASSWORD) {
  await page.addLocatorHandler(stepUpDialog(page), async (dialog) => {
    await dialog.getByLabel("Password").fill(password);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog).toBeHidden();
  });
}

/** A page signed in as a demo user, in its own browser context. */
export async function pageAs(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(user) });
  const page = await context.newPage();
  watchCsp(page);
  await confirmWhenAsked(page);
  return page;
}

/** The inviter creates an invite from the team page and returns its link (shown once); the dialog stays open. */
export async function createInviteLink(inviter: Page, email: string, role: "admin" | "developer" | "viewer"): Promise<string> {
  await inviter.goto("/team");
  await inviter.getByRole("button", { name: "Invite member" }).click();
  const dialog = inviter.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption(role);
  await dialog.getByRole("button", { name: "Create invite" }).click();
  // An assertion, unlike inputValue(), lets the "Confirm it's you" handler answer first when the confirmation is old.
  const link = inviter.getByRole("dialog", { name: "Invite created" }).getByLabel("Invite link");
  await expect(link).toBeVisible();
  return link.inputValue();
}

export function uniqueName(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Creates a key through the dashboard and returns the secret from the reveal-once dialog. */
export async function createKeyInUi(
  page: Page,
  opts: { name: string; type?: "Secret" | "Restricted" | "Publishable"; environment?: "test" | "live" },
): Promise<string> {
  await page.goto(`/keys?environment=${opts.environment ?? "test"}`);
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API key" });
  await dialog.getByLabel("Name").fill(opts.name);
  if (opts.type) await dialog.getByLabel(opts.type).check();
  // The dialog creates keys in the mode the list shows.
  await expect(dialog.getByTestId("create-environment")).toContainText(opts.environment === "live" ? "Live" : "Test");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const revealed = page.getByRole("dialog", { name: "Save your secret key" });
  await expect(revealed).toBeVisible();
  const secret = await revealed.getByLabel("Secret key").inputValue();
  await revealed.getByLabel("I have stored this secret somewhere safe").check();
  await revealed.getByRole("button", { name: "Done" }).click();
  await expect(revealed).toBeHidden();
  return secret;
}

export function rowFor(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
}

/** Opens a key row's ⋯ menu and chooses an action from it. */
export async function rowAction(row: Locator, name: string, action: "Edit" | "Roll" | "Revoke" | "Refresh chain") {
  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await row.page().getByRole("menu", { name: `Actions for ${name}` }).getByRole("menuitem", { name: action }).click();
}

/** Rolls a key from the keys list, keeping the old secret for an hour. */
export async function rollInUi(page: Page, name: string) {
  await page.goto("/keys");
  await rowAction(rowFor(page, name), name, "Roll");
  const roll = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await roll.getByLabel("In 1 hour").check();
  await roll.getByRole("button", { name: "Roll key" }).click();
  const revealed = page.getByRole("dialog", { name: "Save your secret key" });
  await revealed.getByLabel("I have stored this secret somewhere safe").check();
  await revealed.getByRole("button", { name: "Done" }).click();
  await expect(revealed).toBeHidden();
}

export async function whoami(request: APIRequestContext, secret: string, header: "bearer" | "x-api-key" | "api-key" = "bearer") {
  const headers: Record<string, string> =
    header === "bearer" ? { authorization: `Bearer ${secret}` } : { [header]: secret };
  return request.get("/api/v1/whoami", { headers });
}

/**
 * Content-Security-Policy violations reported by the browser: the pages must
 * work under their strict policy, so any violation fails the test it
 * happened in. Pages from the `page` fixture and from pageAs() are watched.
 */
const cspViolations: string[] = [];

export function watchCsp(page: Page) {
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      cspViolations.push(`${page.url()}: ${message.text()}`);
    }
  });
}

export const test = base.extend<{ cspGuard: void }>({
  page: async ({ page }, provide) => {
    await confirmWhenAsked(page);
    await provide(page);
  },
  cspGuard: [
    async ({ context }, use) => {
      context.on("page", watchCsp);
      for (const page of context.pages()) watchCsp(page);
      cspViolations.length = 0;
      await use();
      const found = cspViolations.splice(0);
      expect(found, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Moves the session's last confirmation back in time, as if it were signed in a while ago. */
export function ageLastConfirmation(email: string, minutes: number) {
  const url = process.env.E2E_DATABASE_URL ?? "";
  const file = url.replace(/^file:/, "");
  const db = new Database(file);
  try {
    const at = new Date(Date.now() - minutes * 60_000).toISOString().replace("Z", "+00:00");
    db.prepare(`UPDATE "UserSession" SET "verifiedAt" = ? WHERE "endedAt" IS NULL AND "userId" = (SELECT "id" FROM "User" WHERE "email" = ?)`).run(at, email);
  } finally {
    db.close();
  }
}

/** Moves a member into a new merchant of their own that requires a second factor (SQLite only). */
export function moveToMerchantRequiringSecondFactor(email: string, merchantName: string) {
  const db = new Database((process.env.E2E_DATABASE_URL ?? "").replace(/^file:/, ""));
  try {
    const id = `mer_${Array.from({ length: 20 }, () => "abcdefghijkmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 35)]).join("")}`;
    const at = new Date().toISOString().replace("Z", "+00:00");
    db.prepare(`INSERT INTO "Merchant" ("id", "name", "createdAt", "requireSecondFactor") VALUES (?, ?, ?, 1)`).run(id, merchantName, at);
    db.prepare(`UPDATE "Membership" SET "merchantId" = ? WHERE "userId" = (SELECT "id" FROM "User" WHERE "email" = ?)`).run(id, email);
  } finally {
    db.close();
  }
}
