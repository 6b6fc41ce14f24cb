/**
 * Issue #21: a megabyte-long regular expression is refused (exit 2, with its
 * place) instead of compiled (seconds, half a gigabyte), and a long value is
 * cut in the text report, with its length.
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { compileRe2, MAX_PATTERN_LENGTH, Re2Error } from "../../src/compat/re2.ts";
import { withLazyModules } from "../../src/util/lazy_module.ts";
import { clipText } from "../../src/util/clip_text.ts";
import { FIXTURES, REPO, tempDir } from "../util/fixtures.ts";

const NODES = path.join(FIXTURES, "nodes/realistic");

/** An NFD artifact (JSON) with one expression on cpu.model vendor_id. */
function artifact(op: string, value: string): string {
  const file = path.join(tempDir(), "a.json");
  const rule = { name: "r", matchFeatures: [{ feature: "cpu.model", matchExpressions: { vendor_id: { op, value: [value] } } }] };
  fs.writeFileSync(file, `{"version": "v1alpha1",\n "compatibilities": [{"description": "d", "rules": [\n${JSON.stringify(rule)}]}]}\n`);
  return file;
}

function check(file: string) {
  return spawnSync(process.execPath, [path.join(REPO, "src/main.ts"), "check", "--artifact", file, "--node-dir", NODES], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 30_000,
  });
}

test("patterns up to the cap compile; one character more is refused without quoting it", async () => {
  expect(MAX_PATTERN_LENGTH).toBe(4096);
  expect(compileRe2("x".repeat(4096)).test("x".repeat(4096))).toBe(true);
  expect((await withLazyModules(() => compileRe2("(a|b)".repeat(819) + "c"))).test(`${"ab".repeat(409)}ac`)).toBe(true);
  expect(() => compileRe2("(a|b)".repeat(820))).toThrow(new Re2Error("a pattern of 4100 characters is longer than the 4096 accepted"));
});

test("check --artifact with a 1 MiB pattern: exit 2 naming file:line:col, at once", () => {
  const file = artifact("InRegexp", "(a|b)".repeat(200_000));
  const r = check(file);
  expect(r.stderr).toBe(
    `compspec: error: ${file}:3:85: compatibilities[0].rules[0].matchFeatures[0].matchExpressions.vendor_id: a pattern of 1000000 characters is longer than the 4096 accepted\n`,
  );
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
});

test("the text report cuts a long value, with its length", () => {
  const r = check(artifact("In", "x".repeat(100_000)));
  expect(r.status).toBe(1);
  // The expression is `vendor_id In x…`: its first 256 characters, then its length.
  expect(r.stdout).toContain(` vendor_id In ${"x".repeat(256 - "vendor_id In ".length)}…(100013 characters) — found unknown`);
  expect(r.stdout.length).toBeLessThan(2000);
  expect(clipText("abc", 3)).toBe("abc");
  expect(clipText("abcd", 3)).toBe("abc…(4 characters)");
});
