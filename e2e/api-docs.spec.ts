import { expect, test } from "./fixtures";

/** The public API reference at /docs/api, rendered from /api/v1/openapi.json with bundled assets only. */

const ENDPOINTS = [
  "POST /api/v1/api-keys",
  "GET /api/v1/api-keys",
  "GET /api/v1/api-keys/{id}",
  "PATCH /api/v1/api-keys/{id}",
  "DELETE /api/v1/api-keys/{id}",
  "POST /api/v1/api-keys/{id}/regenerate",
  "POST /api/v1/api-keys/refresh",
  "GET /api/v1/audit-events",
];

test("the API reference lists the endpoints with copyable curl examples, loading nothing from third parties", async ({
  page,
  context,
  baseURL,
}) => {
  const foreign: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== new URL(baseURL!).origin) foreign.push(req.url());
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);

  await page.goto("/docs/api");
  // The first heading is the page's own; the rendered reference repeats the title.
  await expect(page.getByRole("heading", { name: "Keyward API", level: 1 }).first()).toBeVisible();

  const endpoints = page.getByRole("region", { name: "Endpoints" });
  for (const endpoint of ENDPOINTS) {
    const item = endpoints.getByRole("listitem", { name: endpoint, exact: true });
    await expect(item).toBeVisible();
    await expect(item.getByText(/^curl -X/)).toBeVisible();
  }

  const create = endpoints.getByRole("listitem", { name: "POST /api/v1/api-keys", exact: true });
  await create.getByRole("button", { name: "Copy curl example for POST /api/v1/api-keys" }).click();
  await expect(create.getByRole("button", { name: /Copy curl example/ })).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('curl -X POST "$KEYWARD_URL/api/v1/api-keys"');
  expect(copied).toContain("Idempotency-Key");

  // The interactive reference renders the same operations from the OpenAPI document.
  const reference = page.getByRole("region", { name: "Reference" });
  await expect(reference.getByText("Create an API key").first()).toBeVisible({ timeout: 30_000 });
  await expect(reference.getByText("Refresh a refreshable key").first()).toBeAttached();
  await expect(reference.getByText("List audit events").first()).toBeAttached();

  const doc = await page.request.get("/api/v1/openapi.json");
  expect(doc.ok()).toBe(true);
  expect((await doc.json()).openapi).toMatch(/^3\.1/);
  expect(foreign).toEqual([]);
});
