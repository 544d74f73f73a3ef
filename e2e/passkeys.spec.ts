import type { Browser, Page } from "@playwright/test";
import { test, expect, ageLastConfirmation, createInviteLink, pageAs, signIn, stepUpDialog } from "./fixtures";

/**
 * Passkeys with Chromium's virtual authenticator (DevTools protocol). A
 * passkey's relying party must be a domain, not an IP address, so the
 * member uses the same server as http://localhost.
 */

const PASSWORD = "a-passkey-member-password";

function onLocalhost(url: string): string {
  const u = new URL(url);
  u.hostname = "localhost";
  return u.toString();
}

async function newMemberOnLocalhost(browser: Browser): Promise<{ page: Page; email: string }> {
  const email = `pk-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@globex.test`;
  const owner = await pageAs(browser, "globex");
  const link = await createInviteLink(owner, email, "developer");
  await owner.context().close();

  const context = await browser.newContext({ baseURL: onLocalhost(test.info().project.use.baseURL!) });
  const page = await context.newPage();
  await page.goto(onLocalhost(link));
  await page.getByLabel("Name").fill("Pat Passkey");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/localhost.*\/keys/);
  return { page, email };
}

test("a member registers a passkey, signs in with it and confirms a sensitive change with it", async ({ browser }) => {
  const { page, email } = await newMemberOnLocalhost(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await page.goto("/account/security");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Name your passkey")).toBeVisible();
  await page.getByLabel("Passkey name").fill("Virtual laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();

  // The first second factor comes with recovery codes.
  const codes = page.getByRole("dialog", { name: "Save your recovery codes" });
  await expect(codes).toBeVisible();
  await codes.getByLabel("I have saved these codes somewhere safe").check();
  await codes.getByRole("button", { name: "Done" }).click();
  const list = page.getByRole("list", { name: "Passkeys" });
  await expect(list.getByText("Virtual laptop")).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "/tmp/kw-passkeys-1440.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "/tmp/kw-passkeys-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/keys/);

  await page.goto("/account/security");
  await expect(list.getByText(/last used/)).toBeVisible();

  // Later, a sensitive change asks to confirm it's you: the passkey answers.
  test.skip(!(process.env.E2E_DATABASE_URL ?? "").startsWith("file:"), "ages the session directly in the SQLite database");
  ageLastConfirmation(email, 11);
  await page.getByRole("button", { name: "Generate new recovery codes" }).click();
  const confirm = stepUpDialog(page);
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByRole("dialog", { name: "Save your recovery codes" })).toBeVisible();
});
