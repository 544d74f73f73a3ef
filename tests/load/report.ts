/** What each scenario checked and measured, printed as it goes and summed up at the end. */

type Check = { scenario: string; what: string; ok: boolean; detail: string };

const checks: Check[] = [];
let current = "";

export function scenario(name: string, description: string): void {
  current = name;
  console.log(`\n== ${name}\n   ${description}`);
}

/** Records a check with the figures behind it. */
export function check(what: string, ok: boolean, detail: string): void {
  checks.push({ scenario: current, what, ok, detail });
  console.log(`   ${ok ? "ok  " : "FAIL"} ${what}: ${detail}`);
}

/** A figure without a pass/fail. */
export function figure(what: string, detail: string): void {
  console.log(`   ·    ${what}: ${detail}`);
}

export function summary(): boolean {
  const failed = checks.filter((c) => !c.ok);
  console.log(`\n== summary: ${checks.length - failed.length}/${checks.length} checks passed`);
  for (const c of failed) console.log(`   FAIL [${c.scenario}] ${c.what}: ${c.detail}`);
  return failed.length === 0;
}
