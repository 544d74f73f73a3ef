import type { Page } from "@playwright/test";
import { test, expect, createKeyInUi, pageAs, rowAction, rowFor, uniqueName, whoami, type DemoUser } from "./fixtures";

/** The page is no wider than the window, and the table (if any) needs no scrollbar of its own. */
async function expectNoHorizontalOverflow(page: Page) {
  const sizes = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    tables: Array.from(document.querySelectorAll<HTMLElement>('[data-testid="data-table"]')).map(
      (t) => [t.scrollWidth, t.clientWidth, Array.from(t.querySelectorAll("th")).map((th) => th.offsetWidth).join("+")] as const,
    ),
  }));
  expect(sizes.page, `${page.url()} is ${sizes.page}px wide in a ${sizes.window}px window`).toBeLessThanOrEqual(sizes.window);
  for (const [scroll, client, columns] of sizes.tables) {
    expect(scroll, `a table on ${page.url()} scrolls sideways (columns ${columns})`).toBeLessThanOrEqual(client);
  }
}

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

test.describe("every main page fits the window", () => {
  let keyId = "";
  let liveKeyId = "";

  test.beforeAll(async ({ browser, request }) => {
    const owner = await pageAs(browser, "owner");
    const used = uniqueName("Layout checkout server");
    const secret = await createKeyInUi(owner, { name: used });
    expect((await whoami(request, secret)).status()).toBe(200);
    await owner.getByRole("button", { name: "Create key" }).click();
    const dialog = owner.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill(uniqueName("Layout storefront with a long name"));
    await dialog.getByLabel("Publishable").check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog).toBeHidden();
    await owner.reload();
    // Rolled with a grace period: the list shows its old secret on an indented line under it.
    await rowAction(rowFor(owner, used), used, "Roll");
    const roll = owner.getByRole("dialog", { name: `Roll “${used}”?` });
    await roll.getByLabel("In 1 hour").check();
    await roll.getByRole("button", { name: "Roll key" }).click();
    const revealed = owner.getByRole("dialog", { name: "Save your secret key" });
    await revealed.getByLabel("I have stored this secret somewhere safe").check();
    await revealed.getByRole("button", { name: "Done" }).click();
    await expect(owner.locator("tr[data-old-secret-of]").first()).toBeVisible();
    keyId = (await rowFor(owner, used).getAttribute("data-key-id"))!;
    const live = uniqueName("Layout live billing");
    await createKeyInUi(owner, { name: live, environment: "live" });
    await owner.goto("/keys?environment=live");
    liveKeyId = (await rowFor(owner, live).getAttribute("data-key-id"))!;
    await owner.context().close();
  });

  for (const size of SIZES) {
    test(`at ${size.width}×${size.height}`, async ({ browser }) => {
      const pages: [DemoUser, string][] = [
        ["owner", "/keys"],
        ["owner", "/keys?environment=live"],
        ["owner", `/keys/${keyId}`],
        ["owner", `/keys/${liveKeyId}`],
        ["owner", "/applications"],
        ["owner", "/team"],
        ["owner", "/audit"],
        ["owner", "/account/security"],
        ["owner", "/account/sessions"],
        ["viewer", "/keys"],
        ["support", "/support"],
      ];
      const sessions = new Map<DemoUser, Page>();
      for (const [user, path] of pages) {
        if (!sessions.has(user)) {
          const page = await pageAs(browser, user);
          await page.setViewportSize(size);
          sessions.set(user, page);
        }
        const page = sessions.get(user)!;
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        await expectNoHorizontalOverflow(page);
      }
    });
  }
});

test("below 768 px the navigation is behind a Menu button", async ({ browser }) => {
  const page = await pageAs(browser, "owner");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/keys");
  await expect(page.getByRole("link", { name: "Team" })).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page).toHaveURL(/\/team/);
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
});

test("a row's menu works from the keyboard and dialogs give focus back", async ({ browser }) => {
  const page = await pageAs(browser, "owner");
  const name = uniqueName("Keyboard");
  await createKeyInUi(page, { name });
  await page.reload();
  const trigger = rowFor(page, name).getByRole("button", { name: `Actions for ${name}` });
  const menu = page.getByRole("menu", { name: `Actions for ${name}` });

  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Edit" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Roll" })).toBeFocused();
  await page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "Revoke" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Edit" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(trigger).toBeFocused();

  // Space opens it too; choosing Roll opens its dialog, and Escape brings focus back to ⋯.
  await page.keyboard.press(" ");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const roll = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(roll).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(roll).toBeHidden();
  await expect(trigger).toBeFocused();

  // Cancel in the edit dialog does the same, and the form opens fresh next time.
  await rowAction(rowFor(page, name), name, "Edit");
  const edit = page.getByRole("dialog", { name: `Edit “${name}”` });
  await edit.getByLabel("Name").fill("Not saved");
  await edit.getByRole("button", { name: "Cancel" }).click();
  await expect(edit).toBeHidden();
  await expect(trigger).toBeFocused();
  await rowAction(rowFor(page, name), name, "Edit");
  await expect(edit.getByLabel("Name")).toHaveValue(name);
  await page.keyboard.press("Escape");

  // The create dialog gives focus back to "Create key" and forgets what was typed.
  const create = page.getByRole("button", { name: "Create key" });
  await create.click();
  const dialog = page.getByRole("dialog", { name: "Create an API key" });
  await dialog.getByLabel("Name").fill("Abandoned");
  await page.keyboard.press("Escape");
  await expect(create).toBeFocused();
  await create.click();
  await expect(dialog.getByLabel("Name")).toHaveValue("");
});

test("live mode is marked, and revoking a live key asks for its name", async ({ browser }) => {
  const page = await pageAs(browser, "owner");
  const name = uniqueName("Live revoke");
  await createKeyInUi(page, { name, environment: "live" });
  await page.goto("/keys?environment=live");
  await expect(page.getByRole("region", { name: "Live mode" })).toContainText("Live data: changes affect real payments");
  await rowAction(rowFor(page, name), name, "Revoke");
  const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  const confirm = dialog.getByRole("button", { name: "Revoke key" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type “${name}” to confirm`).fill("wrong");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(rowFor(page, name)).toHaveCount(0);
  await page.goto("/keys?environment=live&status=revoked");
  await expect(rowFor(page, name)).toContainText("Revoked");

  await page.goto("/keys");
  await expect(page.getByRole("region", { name: "Live mode" })).toHaveCount(0);
});

test("members see why controls are hidden", async ({ browser }) => {
  const viewer = await pageAs(browser, "viewer");
  await viewer.goto("/keys");
  await expect(viewer.getByTestId("role-notice")).toHaveText("Your role (viewer) can view keys; an owner or admin can create and change them.");
  await viewer.goto("/team");
  await expect(viewer.getByTestId("role-notice")).toHaveText("Your role (viewer) can view the team; an owner or admin can invite and change members.");

  const developer = await pageAs(browser, "developer");
  await developer.goto("/keys");
  await expect(developer.getByTestId("role-notice")).toHaveCount(0);
  await developer.goto("/keys?environment=live");
  await expect(developer.getByTestId("role-notice")).toHaveText("Developers manage test keys; an owner or admin can create and change live keys.");
});

test("a page past the end lands on the last page", async ({ browser }) => {
  const page = await pageAs(browser, "owner");
  await page.goto("/keys?status=all&page=99");
  await expect(page).toHaveURL(/[?&]page=\d+/);
  const last = Number(new URL(page.url()).searchParams.get("page"));
  expect(last).toBeGreaterThanOrEqual(1);
  expect(last).toBeLessThan(99);
  expect(new URL(page.url()).searchParams.get("status")).toBe("all");
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(`Page ${last} of ${last}`);
  await expect(page.getByRole("row")).not.toHaveCount(1);
});

test("a key's page offers Edit, Roll and Revoke", async ({ browser }) => {
  const page = await pageAs(browser, "owner");
  const name = uniqueName("Detail actions");
  await createKeyInUi(page, { name });
  await page.reload();
  await rowFor(page, name).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const roll = page.getByRole("button", { name: "Roll key" });
  await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke key" })).toBeVisible();
  await roll.click();
  const dialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(roll).toBeFocused();
});

test("a slow page shows a progress bar at the top until it arrives", async ({ browser }) => {
  const page = await pageAs(browser, "viewer");
  // While the gate is closed, requests for the next pages wait: a network as slow as the test needs.
  let gate: Promise<void> | null = null;
  let openGate = () => {};
  const closeGate = () => (gate = new Promise<void>((resolve) => (openGate = resolve)));
  const release = () => {
    gate = null;
    openGate();
  };
  await page.route(
    (url) => url.pathname === "/applications" || (url.pathname === "/keys" && url.searchParams.get("environment") === "live"),
    async (route) => {
      if (gate) await gate;
      await route.continue();
    },
  );
  await page.goto("/keys");
  const bar = page.getByRole("progressbar", { name: "Loading" });
  await expect(bar).toHaveCount(0);

  // A link in the main navigation.
  closeGate();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Applications" }).click();
  await expect(bar).toBeVisible();
  const box = await bar.boundingBox();
  expect(box?.y).toBe(0);
  release();
  await expect(page.getByRole("heading", { name: "Applications", level: 1 })).toBeVisible();
  await expect(bar).toHaveCount(0);

  // Switching to live mode (a router.push from the toolbar).
  await page.goto("/keys");
  closeGate();
  await page.getByRole("button", { name: "Live mode" }).click();
  await expect(bar).toBeVisible();
  release();
  await expect(page.getByTestId("live-mode-band")).toBeVisible();
  await expect(bar).toHaveCount(0);
  await page.context().close();
});
