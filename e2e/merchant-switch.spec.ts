import { test, expect, createInviteLink, createKeyInUi, pageAs, uniqueName } from "./fixtures";

test("a member of two merchants switches between them and sees only the chosen merchant's keys", async ({ browser }) => {
  // Globex invites Acme's developer as a viewer; the developer accepts while signed in.
  const globexOwner = await pageAs(browser, "globex");
  const globexKey = uniqueName("Globex checkout");
  await createKeyInUi(globexOwner, { name: globexKey });
  const link = await createInviteLink(globexOwner, "dev@acme.test", "viewer");

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
