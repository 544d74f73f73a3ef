import { mkdirSync } from "node:fs";
import { test as setup, expect } from "@playwright/test";
import { AUTH_DIR, USERS, signIn, storageStateFor, type DemoUser } from "./fixtures";

mkdirSync(AUTH_DIR, { recursive: true });

for (const user of Object.keys(USERS) as DemoUser[]) {
  setup(`sign in as ${user}`, async ({ page }) => {
    await signIn(page, USERS[user]);
    await expect(page).toHaveURL(user === "support" ? /\/support/ : /\/keys/);
    await page.context().storageState({ path: storageStateFor(user) });
  });
}
