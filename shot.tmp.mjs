import { chromium } from "@playwright/test";
import { privatePostgres } from "./scripts/cluster/postgres.mjs";
const server = privatePostgres({ dataDir: "/work/wt/prod/data/cluster-postgres", port: 3229 });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto("http://127.0.0.1:3226/login");
  await page.getByLabel("Email").fill("owner@acme.test");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL(/keys/, { timeout: 20000 });
  server.stop();
  await page.goto("http://127.0.0.1:3226/keys");
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/shots/error-${w}.png` });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  console.log(w, "text:", (await page.textContent("main"))?.slice(0, 200), "overflow:", overflow);
  if (w === 1440) {
    server.start();
    await page.waitForTimeout(7000);
    console.log("after restart:", (await page.textContent("body"))?.slice(0, 120));
    await page.screenshot({ path: `/tmp/shots/after-${w}.png` });
  } else server.start();
  await page.close();
}
await browser.close();
