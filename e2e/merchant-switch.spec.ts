import { test, expect, createKeyInUi, pageAs, uniqueName } from "./fixtures";

test("a member of two merchants switches between them and sees only the chosen merchant's keys", async ({ browser }) => {
  // Globex invites Acme's developer as a viewer; the developer accepts while signed in.
  const globexOwner = await pageAs(browser, "globex");
  const globexKey = uniqueName("Globex checkout");
  await createKeyInUi(globexOwner, { name: globexKey });
  await globexOwner.goto("/team");
  await globexOwner.getByRole("button", { name: "Invite member" }).click();
  const dialog = globexOwner.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("Email").fill("dev@acme.test");
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByRole("button", { name: "Create invite" }).click();
  const link = await globexOwner.getByRole("dialog", { name: "Invite created" }).getByLabel("Invite link").inputValue();

  const dev = await pageAs(browser, "developer");
  await dev.goto(link);
  await dev.getByRole("button", { name: "Accept invite" }).click();
  await expect(dev).toHaveURL(/\/keys/);

  const switcher = dev.getByRole("combobox", { name: "Merchant" });
  await expect(switcher).toBeVisible();
  await switcher.selectOption({ label: "Acme Payments" });
  await expect(dev.getByText("(developer)")).toBeVisible();
  await expect(dev.getByRole("button", { name: "Create key" })).toBeVisible();
  await expect(dev.getByText(globexKey)).toHaveCount(0);

  await switcher.selectOption({ label: "Globex" });
  await expect(dev.getByText("(viewer)", { exact: true })).toBeVisible();
  await expect(dev.getByText(globexKey)).toBeVisible();
  // A viewer in Globex: no controls, whatever the same user may do in Acme.
  await expect(dev.getByRole("button", { name: "Create key" })).toHaveCount(0);
});
