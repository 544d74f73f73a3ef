import { test, expect, createKeyInUi, pageAs, rowAction, rowFor, signIn, storageStateFor, uniqueName, whoami } from "./fixtures";

test.describe("signing in", () => {
  test("a wrong password is refused without saying which field was wrong", async ({ page }) => {
    await signIn(page, "owner@acme.test", "not-the-password");
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await signIn(page, "nobody@acme.test", "not-the-password");
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    // The email stays for the next try; the password does not, and takes the focus.
    await expect(page.getByLabel("Email")).toHaveValue("nobody@acme.test");
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("sign-in never redirects to another site", async ({ page }) => {
    await page.goto("/login?next=/%5Cevil.example");
    await page.getByLabel("Email").fill("viewer@acme.test");
    await page.getByLabel("Password").fill("demo-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/keys/);
  });

  test("the dashboard sends signed-out visitors to sign in, even past middleware", async ({ page }) => {
    await page.goto("/keys");
    await expect(page).toHaveURL(/\/login/);
    const res = await page.request.get("/keys", { headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" }, maxRedirects: 0 });
    expect(res.status()).toBeGreaterThanOrEqual(300);
    expect(await res.text()).not.toContain("API keys</h1>");
  });
});

test.describe("the key lifecycle as an owner", () => {
  test.use({ storageState: storageStateFor("owner") });

  test("create, reveal once, use, roll with grace, roll now, revoke", async ({ page, request }) => {
    const name = uniqueName("Checkout server");
    const secret = await createKeyInUi(page, { name });
    expect(secret).toMatch(/^sk_test_[0-9A-Za-z]{46}$/);

    // After a reload only the prefix is visible, and the secret is nowhere on the page.
    await page.reload();
    const row = rowFor(page, name);
    await expect(row).toContainText(`${secret.slice(0, 12)}…`);
    expect(await page.content()).not.toContain(secret);
    await expect(row.getByRole("button", { name: /Reveal secret/ })).toHaveCount(0);
    await expect(row.getByTestId("last-used")).toHaveText("Never");

    // Using the key records last use and IP within a few seconds.
    const me = await whoami(request, secret, "x-api-key");
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ type: "secret", environment: "test", permissions: expect.arrayContaining(["api_keys:write"]) });
    await expect(async () => {
      await page.reload();
      await expect(rowFor(page, name).getByTestId("last-used")).toContainText("127.0.0.1", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });

    // Roll with a one-hour grace: both secrets work.
    await rowAction(rowFor(page, name), name, "Roll");
    const rollDialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
    await rollDialog.getByLabel("In 1 hour").check();
    await rollDialog.getByRole("button", { name: "Roll key" }).click();
    const revealed = page.getByRole("dialog", { name: "Save your secret key" });
    const rolledSecret = await revealed.getByLabel("Secret key").inputValue();
    await revealed.getByLabel("I have stored this secret somewhere safe").check();
    await revealed.getByRole("button", { name: "Done" }).click();
    expect(rolledSecret).not.toBe(secret);
    expect((await whoami(request, secret)).status()).toBe(200);
    expect((await whoami(request, rolledSecret, "api-key")).status()).toBe(200);
    await page.reload();
    // The old secret is an indented line under the new key, not a second row with the same name.
    await expect(rowFor(page, name)).toHaveCount(1);
    const successorId = await rowFor(page, name).getAttribute("data-key-id");
    await expect(page.locator(`tr[data-old-secret-of="${successorId}"]`)).toContainText(/Old secret of .* · stops in/);

    // Roll the new key with "now": its secret stops at once.
    const activeRow = rowFor(page, name).filter({ hasText: "active" });
    await rowAction(activeRow, name, "Roll");
    const nowDialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
    await nowDialog.getByLabel("Now").check();
    await expect(nowDialog.getByText("will stop working immediately")).toBeVisible();
    await nowDialog.getByRole("button", { name: "Roll key" }).click();
    const third = page.getByRole("dialog", { name: "Save your secret key" });
    const thirdSecret = await third.getByLabel("Secret key").inputValue();
    await third.getByLabel("I have stored this secret somewhere safe").check();
    await third.getByRole("button", { name: "Done" }).click();
    expect((await whoami(request, rolledSecret)).status()).toBe(401);
    expect((await whoami(request, thirdSecret)).status()).toBe(200);

    // Revoke: confirmed in a modal, effective immediately, kept in the list.
    await expect(async () => {
      await page.reload();
      await expect(rowFor(page, name).filter({ hasText: "active" }).getByTestId("last-used")).toContainText("127.0.0.1", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await rowAction(rowFor(page, name).filter({ hasText: "active" }), name, "Revoke");
    const revokeDialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
    // Used a moment ago, so revoking asks for its name.
    await expect(revokeDialog.getByRole("button", { name: "Revoke key" })).toBeDisabled();
    await revokeDialog.getByLabel(`Type “${name}” to confirm`).fill(name);
    await revokeDialog.getByRole("button", { name: "Revoke key" }).click();
    await expect(revokeDialog).toBeHidden();
    const denied = await whoami(request, thirdSecret);
    expect(denied.status()).toBe(401);
    expect(await denied.text()).not.toContain(thirdSecret);
    // Revoked keys leave the default list and stay one click away.
    await page.reload();
    await expect(rowFor(page, name).filter({ hasText: "revoked" })).toHaveCount(0);
    await page.getByRole("link", { name: /^Show revoked and expired \(\d+\)$/ }).click();
    await expect(rowFor(page, name).filter({ hasText: "revoked" })).toHaveCount(1);
  });

  test("unknown, malformed and revoked keys get the same 401", async ({ request }) => {
    const bad = await whoami(request, "sk_test_notarealkey");
    const unknown = await whoami(request, "sk_test_" + "A".repeat(46));
    expect(bad.status()).toBe(401);
    expect(unknown.status()).toBe(401);
    expect(await bad.text()).toBe(await unknown.text());
    expect(bad.headers()["content-type"]).toBe("application/problem+json");
    expect(await bad.text()).not.toContain("notarealkey");
  });

  test("a secret not revealed before a reload can be revealed from the list, once", async ({ page }) => {
    const name = uniqueName("Unrevealed");
    await page.goto("/keys");
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill(name);
    // Intercept the automatic reveal so the page "closes" before the secret is shown.
    await page.route("**/keys*", (route) =>
      route.request().method() === "POST" && (route.request().postData() ?? "").includes("key_") ? route.abort() : route.continue(),
    );
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog).toBeHidden();
    await page.unroute("**/keys*");
    await page.reload();
    const row = rowFor(page, name);
    await row.getByRole("button", { name: `Reveal secret for ${name}` }).click();
    const revealed = page.getByRole("dialog", { name: "Save your secret key" });
    await expect(revealed.getByLabel("Secret key")).toHaveValue(/^sk_test_/);
    await revealed.getByLabel("I have stored this secret somewhere safe").check();
    await revealed.getByRole("button", { name: "Done" }).click();
    await page.reload();
    await expect(rowFor(page, name).getByRole("button", { name: /Reveal secret/ })).toHaveCount(0);
  });

  test("bad input is explained in the form and nothing is created", async ({ page }) => {
    await page.goto("/keys");
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill("x".repeat(101));
    await dialog.getByLabel("Expires").selectOption("custom");
    await dialog.getByLabel("Expiry date").fill("2001-01-01");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByText("Name must be at most 100 characters")).toBeVisible();
    await expect(dialog.getByText("Expiry must be in the future")).toBeVisible();
    await dialog.getByLabel("Restricted").check();
    await dialog.getByLabel("Name").fill("Restricted without permissions");
    await dialog.getByLabel("Expires").selectOption("never");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByText("A restricted key needs at least one permission")).toBeVisible();
    await page.keyboard.press("Escape");
    await page.goto("/keys?q=Restricted%20without");
    await expect(page.getByText("No keys match these filters")).toBeVisible();
  });

  test("a live secret key's roll asks for its name", async ({ page }) => {
    const name = uniqueName("Live billing");
    await createKeyInUi(page, { name, environment: "live" });
    await page.goto("/keys?environment=live");
    await rowAction(rowFor(page, name), name, "Roll");
    const dialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
    const confirm = dialog.getByRole("button", { name: "Roll key" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill("wrong");
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
    await expect(confirm).toBeEnabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  test("edits a key's name, description and expiry", async ({ page }) => {
    const name = uniqueName("Editable");
    await createKeyInUi(page, { name });
    await page.reload();
    await rowAction(rowFor(page, name), name, "Edit");
    const dialog = page.getByRole("dialog", { name: `Edit “${name}”` });
    await dialog.getByLabel("Name").fill(`${name} renamed`);
    await dialog.getByLabel("Description").fill("Used by the nightly reconciliation job");
    await dialog.getByLabel("Expires").selectOption("7");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    const row = rowFor(page, `${name} renamed`);
    await expect(row.getByRole("link", { name: `${name} renamed` })).toHaveAttribute("title", "Used by the nightly reconciliation job");
    await expect(row).toContainText(/in (6|7) days/);
  });

  test("a change tried offline fails at once, changes nothing, and Retry sends it once back online", async ({ page, context }) => {
    const name = uniqueName("Offline");
    await createKeyInUi(page, { name });
    const row = rowFor(page, name);
    const menu = async (action: "Disable" | "Enable") => {
      await row.getByRole("button", { name: `Actions for ${name}` }).click();
      await page.getByRole("menu", { name: `Actions for ${name}` }).getByRole("menuitem", { name: action }).click();
    };
    await menu("Disable");
    await page.getByRole("dialog", { name: `Disable “${name}”?` }).getByRole("button", { name: "Disable key" }).click();
    await expect(row).toContainText("Disabled");

    await context.setOffline(true);
    await menu("Enable");
    const offline = "Could not reach Keyward: check your connection, then retry. Nothing was changed.";
    const toast = page.locator("[data-sonner-toast]").filter({ hasText: offline });
    await expect(toast.getByRole("button", { name: "Retry" })).toBeVisible();

    await context.setOffline(false);
    // Nothing reached the server: the key is still disabled there.
    const disabled = await (await page.request.get(`/keys?status=disabled&q=${encodeURIComponent(name)}`)).text();
    expect(disabled).toContain(name);

    await toast.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByText(`Enabled “${name}”`)).toBeVisible();
    await expect(row).not.toContainText("Disabled");
    await expect(row).toContainText("Active");
  });
});

/** Captures a server action's id and argument encoding from a real call made by the owner. */
async function captureRevokeAction(page: import("@playwright/test").Page, keyName: string) {
  const requestPromise = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await rowAction(rowFor(page, keyName), keyName, "Revoke");
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  const req = await requestPromise;
  return { actionId: req.headers()["next-action"]!, url: req.url() };
}

test.describe("who may do what", () => {
  test("a viewer sees no create or change controls and the server refuses a forged action", async ({ browser, baseURL }) => {
    const owner = await pageAs(browser, "owner");
    const target = uniqueName("Viewer target");
    await createKeyInUi(owner, { name: target });
    const probe = uniqueName("Probe");
    await createKeyInUi(owner, { name: probe });
    await owner.reload();
    const { actionId, url } = await captureRevokeAction(owner, probe);
    await owner.reload();
    const targetId = await rowFor(owner, target).getAttribute("data-key-id");

    const viewer = await pageAs(browser, "viewer");
    await viewer.goto("/keys");
    await expect(viewer.getByRole("heading", { name: "API keys" })).toBeVisible();
    await expect(viewer.getByRole("button", { name: "Create key" })).toHaveCount(0);
    await expect(rowFor(viewer, target).getByRole("button")).toHaveCount(0);

    // Replay the revoke action with the viewer's session, as a forged request would.
    const forged = await viewer.request.post(url, {
      headers: { "next-action": actionId, origin: baseURL!, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      data: JSON.stringify([{ id: targetId }]),
    });
    expect(await forged.text()).toContain("Your role (viewer) cannot manage test keys");
    await owner.reload();
    await expect(rowFor(owner, target)).toContainText("Active");

    // And a request without an Origin is refused outright.
    const noOrigin = await owner.request.post(url, {
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      data: JSON.stringify([{ id: targetId }]),
    });
    expect(noOrigin.status() >= 400 || (await noOrigin.text()).includes("unknown origin")).toBe(true);
    await owner.reload();
    await expect(rowFor(owner, target)).toContainText("Active");
  });

  test("a developer manages test keys and only sees live ones", async ({ browser }) => {
    const dev = await pageAs(browser, "developer");
    const name = uniqueName("Dev test key");
    await createKeyInUi(dev, { name });
    await dev.goto("/keys?environment=live");
    await expect(dev.getByRole("button", { name: "Create key" })).toHaveCount(0);
  });

  test("a Globex user cannot read or change an Acme key by id", async ({ browser, baseURL }) => {
    const owner = await pageAs(browser, "owner");
    const name = uniqueName("Acme only");
    await createKeyInUi(owner, { name });
    const probe = uniqueName("Probe");
    await createKeyInUi(owner, { name: probe });
    await owner.reload();
    const { actionId, url } = await captureRevokeAction(owner, probe);
    await owner.reload();
    const acmeKeyId = await rowFor(owner, name).getAttribute("data-key-id");

    const globex = await pageAs(browser, "globex");
    await globex.goto("/keys");
    await expect(globex.getByText(name)).toHaveCount(0);
    await globex.goto(`/keys?q=${encodeURIComponent(acmeKeyId!)}`);
    await expect(globex.getByText(name)).toHaveCount(0);
    const forged = await globex.request.post(url, {
      headers: { "next-action": actionId, origin: baseURL!, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      data: JSON.stringify([{ id: acmeKeyId }]),
    });
    expect(await forged.text()).toContain("No such API key");
    await owner.reload();
    await expect(rowFor(owner, name)).toContainText("Active");
  });
});

test.describe("refreshable keys", () => {
  test.use({ storageState: storageStateFor("owner") });

  test("a key created by a script with a refresh token shows its chain after a refresh", async ({ page, request }) => {
    const admin = await createKeyInUi(page, { name: uniqueName("Automation") });
    const name = uniqueName("Refreshable");
    const created = await request.post("/api/v1/api-keys", {
      headers: { authorization: `Bearer ${admin}` },
      data: { name, type: "secret", environment: "test", refreshable: true },
    });
    expect(created.status()).toBe(201);
    const { refresh_token: token } = await created.json();
    const refreshed = await request.post("/api/v1/api-keys/refresh", { data: { token } });
    expect(refreshed.status()).toBe(200);

    await page.goto(`/keys?q=${encodeURIComponent(name)}`);
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(2);
    await rowAction(page.getByRole("row").filter({ hasText: name }).first(), name, "Refresh chain");
    const dialog = page.getByRole("dialog", { name: `Refresh chain of “${name}”` });
    await expect(dialog.getByRole("listitem")).toHaveCount(4);
    await expect(dialog.getByText(/^spent /)).toHaveCount(1);
    await expect(dialog.getByText("current")).toHaveCount(1);
  });
});
