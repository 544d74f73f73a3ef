import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { leakReportBatch } from "@/lib/validations/leaked-keys";
import { SCANNER_SECRETS_ENV, scannerSecrets } from "./scanner-secrets";
import { TOLERANCE_SECONDS, computeSignature, signatureHeader, verifySignature } from "./signature";

const github = { id: "github", key: randomBytes(32) };
const gitlab = { id: "gitlab", key: randomBytes(32) };
const body = '[{"token":"sk_test_x","type":"keyward_secret_key","url":"https://github.com/a/b","source":"content"}]';
const at = new Date("2030-01-01T00:00:00Z");
const t = Math.floor(at.getTime() / 1000);

describe("verifySignature", () => {
  it("accepts a signature made with a configured secret and names its reporter", () => {
    expect(verifySignature(signatureHeader(github.key, body, at), body, [github, gitlab], at)).toEqual({ ok: true, reporter: "github" });
    expect(verifySignature(signatureHeader(gitlab.key, body, at), body, [github, gitlab], at)).toEqual({ ok: true, reporter: "gitlab" });
  });

  it("refuses a signature over another body, at another time or under an unknown secret", () => {
    const header = signatureHeader(github.key, body, at);
    expect(verifySignature(header, body.replace("a/b", "a/c"), [github], at)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(header.replace(`t=${t}`, `t=${t + 1}`), body, [github], at)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(signatureHeader(randomBytes(32), body, at), body, [github, gitlab], at)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(header, body, [], at)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses timestamps more than five minutes away, in either direction", () => {
    const ok = (seconds: number) => verifySignature(signatureHeader(github.key, body, new Date(at.getTime() + seconds * 1000)), body, [github], at);
    expect(ok(-TOLERANCE_SECONDS)).toEqual({ ok: true, reporter: "github" });
    expect(ok(TOLERANCE_SECONDS)).toEqual({ ok: true, reporter: "github" });
    expect(ok(-TOLERANCE_SECONDS - 1)).toEqual({ ok: false, reason: "stale" });
    expect(ok(TOLERANCE_SECONDS + 1)).toEqual({ ok: false, reason: "stale" });
  });

  it("accepts any one of several v1 signatures (secret rotation) and ignores other schemes", () => {
    const good = computeSignature(github.key, t, body);
    const header = `t=${t},v0=abc,v1=${"0".repeat(64)},v1=${good.toUpperCase()}`;
    expect(verifySignature(header, body, [github], at)).toEqual({ ok: true, reporter: "github" });
  });

  it("tells missing and malformed headers apart", () => {
    const sig = computeSignature(github.key, t, body);
    expect(verifySignature(null, body, [github], at)).toEqual({ ok: false, reason: "missing" });
    for (const header of [
      "",
      sig,
      `v1=${sig}`,
      `t=${t}`,
      `t=${t},v1=${sig.slice(2)}`,
      `t=abc,v1=${sig}`,
      `t=${t},t=${t},v1=${sig}`,
      `t=${t},v1=${sig}=`,
      `t=${t},${Array.from({ length: 9 }, () => `v1=${sig}`).join(",")}`,
      `t=${t},v1=${sig},x=${"y".repeat(1100)}`,
    ]) {
      expect(verifySignature(header, body, [github], at), header.slice(0, 40)).toEqual(
        header === "" ? { ok: false, reason: "missing" } : { ok: false, reason: "malformed" },
      );
    }
  });
});

describe("scannerSecrets", () => {
  const saved = process.env[SCANNER_SECRETS_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SCANNER_SECRETS_ENV];
    else process.env[SCANNER_SECRETS_ENV] = saved;
  });

  it("is empty when unset or blank", () => {
    delete process.env[SCANNER_SECRETS_ENV];
    expect(scannerSecrets()).toEqual([]);
    process.env[SCANNER_SECRETS_ENV] = "  ";
    expect(scannerSecrets()).toEqual([]);
  });

  it("reads id:base64 entries", () => {
    process.env[SCANNER_SECRETS_ENV] = `github:${github.key.toString("base64")}, gitlab:${gitlab.key.toString("base64")}`;
    expect(scannerSecrets()).toEqual([github, gitlab]);
  });

  it("refuses malformed entries, short secrets and duplicate ids", () => {
    for (const value of ["github", `:${github.key.toString("base64")}`, `git hub:${github.key.toString("base64")}`, `github:${randomBytes(16).toString("base64")}`, `a:${github.key.toString("base64")},a:${gitlab.key.toString("base64")}`]) {
      process.env[SCANNER_SECRETS_ENV] = value;
      expect(() => scannerSecrets(), value).toThrow(SCANNER_SECRETS_ENV);
    }
  });
});

describe("leakReportBatch", () => {
  const report = { token: "sk_test_x", type: "keyward_secret_key", url: "https://github.com/a/b", source: "content" };

  it("takes 1 to 100 reports, drops unknown fields and normalises an empty url or source to null", () => {
    expect(leakReportBatch.parse([{ ...report, extra: 1 }])).toEqual([report]);
    expect(leakReportBatch.parse([{ token: "x", type: "t", url: "" }])).toEqual([{ token: "x", type: "t", url: null, source: null }]);
    expect(leakReportBatch.safeParse(Array.from({ length: 100 }, () => report)).success).toBe(true);
    expect(leakReportBatch.safeParse(Array.from({ length: 101 }, () => report)).success).toBe(false);
    expect(leakReportBatch.safeParse([]).success).toBe(false);
    expect(leakReportBatch.safeParse(report).success).toBe(false);
  });

  it("only takes http(s) source URLs (they are shown to merchants)", () => {
    for (const url of ["javascript:alert(1)", "data:text/html,x", "ftp://example.com/x", "not a url"]) {
      expect(leakReportBatch.safeParse([{ ...report, url }]).success, url).toBe(false);
    }
  });
});
