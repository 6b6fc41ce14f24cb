/**
 * Every async entry point that runs pure code under `withLazyModules` works in
 * a fresh process, with nothing preloaded: YAML text (the yaml library), a
 * JSON document's error place (yaml again, asked for only then), patterns
 * that need the RE2 engine. Each case runs in its own process, since the test
 * runner shares one process (and its loaded modules) between test files. A
 * new caller of `withLazyModules` fails the first test until it is listed
 * (and covered) here.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURES, REPO, runCli, runProgram } from "../util/fixtures.ts";

/** The files whose async functions are the entry points, with the cases below that cover them. */
const ENTRY_POINT_FILES = ["src/cli/create_artifact.ts", "src/compat/artifact.ts", "src/compat/document.ts"];

/** Run `body` (a module's text, with `src` bound to the absolute src/ path) in a fresh process; its stdout. */
function fresh(body: string): { status: number | null; stdout: string; stderr: string } {
  const src = path.join(REPO, "src");
  return runProgram(process.execPath, ["-e", `const src = ${JSON.stringify(src)};\n${body}`]);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [path.relative(REPO, p)] : [];
  });
}

const RE2_ARTIFACT = `version: v1alpha1
compatibilities:
- rules:
  - name: kernel
    matchFeatures:
    - feature: kernel.version
      matchExpressions:
        full: {op: InRegexp, value: ["^5\\\\.(1[0-9])\\\\."]}
`;

describe("lazy modules at the async entry points", () => {
  test("the entry points are the known ones", () => {
    const callers = sourceFiles(path.join(REPO, "src"))
      .filter((f) => !f.endsWith("lazy_module.ts") && /withLazyModules\(/.test(fs.readFileSync(path.join(REPO, f), "utf8")))
      .sort();
    expect(callers).toEqual(ENTRY_POINT_FILES);
  });

  test("parseDocumentText: YAML text in a fresh process", () => {
    const r = fresh(`
      const { parseDocumentText } = await import(src + "/compat/document.ts");
      const doc = await parseDocumentText("a: [1, 2]\\nb: x\\n", "doc.yaml");
      console.log(JSON.stringify(doc.value));`);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe('{"a":[1,2],"b":"x"}');
  });

  test("parseArtifact: an InRegexp pattern compiled by RE2 in a fresh process", () => {
    const r = fresh(`
      const { parseArtifact } = await import(src + "/compat/artifact.ts");
      const a = await parseArtifact(${JSON.stringify(RE2_ARTIFACT)}, "a.yaml");
      const e = a.sets[0].rules[0].matchFeatures[0].expressions[0][1];
      const { evaluateExpression } = await import(src + "/compat/expression.ts");
      console.log(e.op, evaluateExpression(e, true, "5.15.0-91"), evaluateExpression(e, true, "6.1.0"));`);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("InRegexp true false");
  });

  test("parseArtifact: a JSON artifact's error names its place in a fresh process", () => {
    const r = fresh(`
      const { parseArtifact } = await import(src + "/compat/artifact.ts");
      try {
        await parseArtifact('{\\n  "version": "v9",\\n  "compatibilities": []\\n}\\n', "a.json");
        console.log("no error");
      } catch (e) {
        console.log(e.name, e.message);
      }`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^DocumentError a\.json:\d+:\d+: /);
  });

  test("create artifact: a YAML request in a fresh process", () => {
    const request = path.join(FIXTURES, "compat", "compspec-go", "lammps-experiment.yaml");
    const root = path.join(FIXTURES, "compat", "roots", "lammps-build");
    const r = runCli(["create", "artifact", "-i", request, "--root", root, "-a", "custom.gpu.available=yes"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("compatibilities");
  });
});
