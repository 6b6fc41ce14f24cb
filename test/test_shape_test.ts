/**
 * test/ mirrors src/: a test sits in the folder of what it tests, so every
 * folder of test/ is a folder of src/, but for ship/ (the built program:
 * binaries, launchers, man page). At test/'s root: the tests of src/main.ts
 * (cli_test.ts) and of the project as a whole (docs, schemas, source shape,
 * Deno).
 */
import { expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./util/fixtures.ts";

const folders = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test("every folder of test/ is a folder of src/ (or ship/)", () => {
  const src = new Set(folders(path.join(REPO, "src")));
  expect(folders(path.join(REPO, "test")).filter((f) => !src.has(f) && f !== "ship")).toEqual([]);
});

test("test/'s root holds main.ts's tests and the project's own checks only", () => {
  const root = fs.readdirSync(path.join(REPO, "test")).filter((f) => f.endsWith("_test.ts")).sort();
  expect(root).toEqual(["cli_test.ts", "deno_compat_test.ts", "docs_test.ts", "schema_test.ts", "source_shape_test.ts", "test_shape_test.ts"]);
});
