import { test, expect, rowAction, rowFor, storageStateFor, uniqueName, whoami } from "./fixtures";

test.describe("per-key IP allowlists", () => {
  test.use({ storageState: storageStateFor("owner") });

  test("a key limited to 10.0.0.0/8 is refused from 127.0.0.1 until the dashboard adds 127.0.0.1/32", async ({ page, request }) => {
    const name = uniqueName("Office server");
    await page.goto("/keys?environment=test");
    await page.getByRole("button", { name: "Create key" }).click();
    const create = page.getByRole("dialog", { name: "Create an API key" });
    await create.getByLabel("Name").fill(name);
    const allowed = create.getByLabel("Allowed IPs");
    await expect(create.getByText("Leave empty to allow any IP")).toBeVisible();

    // An invalid entry is named before anything is sent.
    await allowed.fill("10.0.0.0/8\n10.0.0.300");
    await create.getByRole("button", { name: "Create key" }).click();
    await expect(create.getByText("Not an IP address or CIDR range: 10.0.0.300")).toBeVisible();

    // Publishable keys have no allowlist.
    await create.getByLabel("Publishable").check();
    await expect(create.getByLabel("Allowed IPs")).toHaveCount(0);
    await create.getByLabel("Secret").check();

    await create.getByLabel("Allowed IPs").fill("10.0.0.0/8");
    await create.getByRole("button", { name: "Create key" }).click();
    const revealed = page.getByRole("dialog", { name: "Save your secret key" });
    const secret = await revealed.getByLabel("Secret key").inputValue();
    await revealed.getByLabel("I have stored this secret somewhere safe").check();
    await revealed.getByRole("button", { name: "Done" }).click();

    // The request context calls from 127.0.0.1: outside the list, so a 403 that says why.
    const refused = await whoami(request, secret);
    expect(refused.status()).toBe(403);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    expect((await refused.json()).detail).toMatch(/127\.0\.0\.1/);

    await rowAction(rowFor(page, name), name, "Edit");
    const edit = page.getByRole("dialog", { name: `Edit “${name}”` });
    await expect(edit.getByLabel("Allowed IPs")).toHaveValue("10.0.0.0/8");
    await edit.getByLabel("Allowed IPs").fill("10.0.0.0/8, 127.0.0.1/32");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();

    const accepted = await whoami(request, secret);
    expect(accepted.status()).toBe(200);

    // The key's page shows the list and the refused request.
    await rowFor(page, name).getByRole("link", { name }).click();
    const allowedIps = page.getByTestId("detail-allowed-ips");
    await expect(allowedIps).toContainText("10.0.0.0/8");
    await expect(allowedIps).toContainText("127.0.0.1/32");
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("detail-denied")).toContainText("1 from outside the allowed IPs", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByTestId("detail-denied")).toContainText("127.0.0.1");
  });
});
