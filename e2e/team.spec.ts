import type { Browser, Page } from "@playwright/test";
import { test, expect, ageLastConfirmation, createInviteLink, pageAs, signIn, uniqueName, USERS } from "./fixtures";

const NEW_PASSWORD = "a-brand-new-password";

test("an owner invites a developer, who joins with a new account; the link then refuses reuse", async ({ browser }) => {
  const email = `new-dev-${Date.now().toString(36)}@acme.test`;

  // The owner creates the invite; the link is shown once.
  const owner = await pageAs(browser, "owner");
  const link = await createInviteLink(owner, email, "developer");
  const created = owner.getByRole("dialog", { name: "Invite created" });
  expect(link).toMatch(/\/invite\/[0-9A-Za-z]{43}$/);
  await created.getByRole("button", { name: "Done" }).click();
  await expect(owner.getByRole("row").filter({ hasText: email })).toContainText("developer");
  // The link itself is nowhere on the page any more.
  await owner.reload();
  expect(await owner.content()).not.toContain(link.split("/invite/")[1]!);

  // The invitee, signed out, sets a name and password and lands in Acme's dashboard as a developer.
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Join Acme Payments" })).toBeVisible();
  await expect(invitee.getByText(`The invite is for ${email}`)).toBeVisible();
  await invitee.getByLabel("Name").fill("Nia New");
  await invitee.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await invitee.getByLabel("Confirm password").fill("something-else-entirely");
  await invitee.getByRole("button", { name: "Create account and join" }).click();
  await expect(invitee.getByText("Passwords do not match")).toBeVisible();
  await invitee.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await invitee.getByLabel("Confirm password").fill(NEW_PASSWORD);
  await invitee.getByRole("button", { name: "Create account and join" }).click();
  await expect(invitee).toHaveURL(/\/keys/);
  await expect(invitee.getByText(`${email}`)).toBeVisible();
  await expect(invitee.getByText("(developer)")).toBeVisible();

  // The same link again: refused clearly, even signed out.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(link);
  await expect(stranger.getByRole("alert").filter({ hasText: "already been used" })).toBeVisible();

  // The owner sees the new member and both events in the audit log.
  await owner.goto("/team");
  await expect(owner.getByRole("row").filter({ hasText: email })).toContainText("Nia New");
  await owner.goto(`/audit?action=team.`);
  await expect(owner.locator('tr[data-action="team.invite_accepted"]').filter({ hasText: `${email} accepted the invitation and joined as developer` })).toHaveCount(1);
  await expect(owner.locator('tr[data-action="team.invite_created"]').filter({ hasText: `${USERS.owner} invited ${email} as developer` })).toHaveCount(1);

  // The new member can sign in again with the password they chose.
  await context.clearCookies();
  await signIn(invitee, email, NEW_PASSWORD);
  await expect(invitee).toHaveURL(/\/keys/);
});

test("an unknown invite link is refused", async ({ page }) => {
  await page.goto(`/invite/${"A".repeat(43)}`);
  await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
});

test("viewers and developers see the team without controls", async ({ browser }) => {
  for (const user of ["viewer", "developer"] as const) {
    const page = await pageAs(browser, user);
    await page.goto("/team");
    await expect(page.getByRole("row").filter({ hasText: "owner@acme.test" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Invite member" })).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("combobox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
    await page.context().close();
  }
});

test("the last owner of a merchant has no control to leave or be demoted", async ({ browser }) => {
  const globex = await pageAs(browser, "globex");
  await globex.goto("/team");
  const row = globex.getByRole("row").filter({ hasText: "owner@globex.test" });
  await expect(row).toContainText("last owner");
  await expect(row.getByRole("combobox")).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Leave team" })).toHaveCount(0);
});

test("an owner whose last confirmation is old confirms it's them, then the invite is created", async ({ browser }) => {
  test.skip(!(process.env.E2E_DATABASE_URL ?? "").startsWith("file:"), "ages the session directly in the SQLite database");
  const owner = await pageAs(browser, "owner");
  ageLastConfirmation("owner@acme.test", 11);
  // pageAs answers "Confirm it's you" with the password; the invite then goes through.
  const link = await createInviteLink(owner, `${uniqueName("late").replace(/\W/g, "")}@acme.test`, "viewer");
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
});

/** A new member of Acme with the given role, who joined through an invite; returns their display name. */
async function newMember(browser: Browser, owner: Page, role: "developer" | "viewer") {
  const name = uniqueName("Rita Role");
  const email = `${name.replace(/\W/g, "").toLowerCase()}@acme.test`;
  const link = await createInviteLink(owner, email, role);
  await owner.getByRole("dialog", { name: "Invite created" }).getByRole("button", { name: "Done" }).click();
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await invitee.getByLabel("Name").fill(name);
  await invitee.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await invitee.getByLabel("Confirm password").fill(NEW_PASSWORD);
  await invitee.getByRole("button", { name: "Create account and join" }).click();
  await expect(invitee).toHaveURL(/\/keys/);
  await context.close();
  return { name, email };
}

test("a role change asks first: Cancel changes nothing, confirming applies it", async ({ browser }) => {
  const owner = await pageAs(browser, "owner");
  const { name, email } = await newMember(browser, owner, "viewer");
  await owner.goto("/team");
  const select = owner.getByRole("combobox", { name: `Role of ${name}` });
  await expect(select).toHaveValue("viewer");

  // Picking a role only asks; Cancel leaves the role as it was and gives the focus back to the select.
  await select.selectOption("developer");
  const dialog = owner.getByRole("dialog", { name: `Make ${name} a developer?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("It applies at once");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(select).toHaveValue("viewer");
  await expect(select).toBeFocused();
  await owner.reload();
  await expect(select).toHaveValue("viewer");

  // Confirming applies the new role, and it is still there after a reload.
  await select.selectOption("developer");
  await dialog.getByRole("button", { name: "Make developer" }).click();
  await expect(dialog).toBeHidden();
  await expect(owner.getByText(`${email} is now a developer`)).toBeVisible();
  await expect(select).toHaveValue("developer");
  await owner.reload();
  await expect(select).toHaveValue("developer");
  await owner.context().close();
});
