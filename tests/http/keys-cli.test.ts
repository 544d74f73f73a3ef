import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { call } from "./api-support";

/** `npm run keys` bootstraps a key that the running API accepts. */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");

function keys(...args: string[]) {
  return run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/keys.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...inject("serverEnv"), NODE_ENV: "test" },
  });
}

describe("npm run keys", () => {
  it("creates a secret printed once on stdout, which authenticates, and lists it", async () => {
    const created = await keys("create", "--merchant", "Globex", "--type", "secret", "--environment", "test", "--name", "Bootstrap");
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^sk_test_[0-9A-Za-z]{46}$/);
    expect(created.stderr).toContain("Bootstrap");
    expect(created.stderr).not.toContain(secret);
    const who = await call("GET", "/api/v1/whoami", { key: secret });
    expect(who.status).toBe(200);
    expect(who.body.type).toBe("secret");
    const listed = await keys("list", "--merchant", "Globex");
    expect(listed.stdout).toContain(who.body.id);
    expect(listed.stdout).toContain("Bootstrap");
    expect(listed.stdout).not.toContain(secret);
  });

  it("creates a key limited to IP addresses, refused from elsewhere", async () => {
    const created = await keys("create", "--merchant", "Globex", "--name", "Office", "--allowed-ips", "10.0.0.0/8, 2001:db8::/32", "--json");
    const { secret } = JSON.parse(created.stdout) as { secret: string };
    const who = await call("GET", "/api/v1/whoami", { key: secret });
    expect(who.status).toBe(403);
    await expect(keys("create", "--merchant", "Globex", "--name", "Bad", "--allowed-ips", "10.0.0.0/33")).rejects.toMatchObject({
      stderr: expect.stringContaining("allowedIps"),
    });
  });

  it("fails with a message for an unknown merchant and creates nothing", async () => {
    await expect(keys("create", "--merchant", "Nobody Inc", "--name", "x")).rejects.toMatchObject({
      stderr: expect.stringContaining('No merchant "Nobody Inc"'),
    });
  });
});
