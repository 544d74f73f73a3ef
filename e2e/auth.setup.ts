import { mkdirSync } from "node:fs";
import { test as setup, expect } from "@playwright/test";
import { USERS, signIn, storageStateFor, type DemoUser } from "./fixtures";

mkdirSync("e2e/.auth", { recursive: true });

for (const user of Object.keys(USERS) as DemoUser[]) {
  setup(`sign in as ${user}`, async ({ page }) => {
    await signIn(page, USERS[user]);
    await expect(page).toHaveURL(user === "support" ? /\/support/ : /\/keys/);
    await page.context().storageState({ path: storageStateFor(user) });
  });
}
