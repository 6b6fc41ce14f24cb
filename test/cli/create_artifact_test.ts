/**
 * `compspec create artifact`: compspec-go's bytes for its own example, and
 * its bugs fixed (warnings on stderr, paths that name nothing are errors,
 * archspec names, today's processor keys, atomic --out, only the named
 * sections extracted).
 */
import { afterAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const GO = path.join(FIXTURES, "compat", "compspec-go");
const REQUEST = path.join(GO, "lammps-experiment.yaml");
// A root whose extraction gives the values compspec-go's example was made from.
const ROOT = path.join(FIXTURES, "compat", "roots", "lammps-build");
const work = tempDir("compspec-artifact-");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function request(name: string, attributes: Record<string, string>): string {
  const f = path.join(work, name);
  const lines = Object.entries(attributes).map(([k, v]) => `    ${k}: ${v}`).join("\n");
  fs.writeFileSync(f, `version: "0.0.0"\nkind: CompatibilitySpec\nmetadata:\n  name: t\n  schemas:\n    io.archspec: https://example.org/a.json\ncompatibilities:\n- name: io.archspec\n  version: "0.0.0"\n  attributes:\n${lines}\n`);
  return f;
}

describe("compspec-go's example", () => {
  test("--out: byte-identical to generated-compatibility-spec.json (no trailing newline)", async () => {
    const out = path.join(work, "spec.json");
    const r = await runInProcess(["create", "artifact", "--in", REQUEST, "--root", ROOT, "-a", "custom.gpu.available=yes", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(path.join(GO, "generated-compatibility-spec.json"), "utf8"));
    expect(fs.readdirSync(work).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("stdout: the same bytes and a newline", async () => {
    const r = await runInProcess(["create", "artifact", "-i", REQUEST, "--root", ROOT, "--append", "custom.gpu.available=yes"]);
    expect(r.stdout).toBe(fs.readFileSync(path.join(GO, "generated-compatibility-spec.json"), "utf8") + "\n");
  });

  test("a path that names nothing is an error naming the attribute and the path; nothing written", async () => {
    const out = path.join(work, "none.json");
    const r = await runInProcess(["create", "artifact", "-i", REQUEST, "--root", ROOT, "-o", out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('org.supercontainers hardware.gpu.available: custom.gpu.available names nothing: there is no extractor "custom"');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--allow-fail: "" and a warning on stderr, never in the JSON', async () => {
    const r = await runInProcess(["create", "artifact", "-i", REQUEST, "--root", ROOT, "--allow-fail"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: .*custom\.gpu\.available names nothing.*; set to ""/);
    expect(JSON.parse(r.stdout).compatibilities[0].attributes["hardware.gpu.available"]).toBe("");
  });
});

describe("fixed against compspec-go", () => {
  test("system.arch.target is the archspec name; today's processor keys and the old ones both work", async () => {
    const f = request("t.yaml", {
      "cpu.target": "system.arch.target",
      "cpu.goarch": "system.arch.name",
      "cpu.model": "system.processor.0.normalized.model",
      "cpu.vendor": "system.processor.0.vendor",
    });
    const r = await runInProcess(["create", "artifact", "-i", f, "--root", ROOT]);
    expect(r.stderr).toBe("");
    const attrs = JSON.parse(r.stdout).compatibilities[0].attributes;
    expect(attrs).toEqual({ "cpu.goarch": "amd64", "cpu.model": "13th Gen Intel(R) Core(TM) i5-1335U", "cpu.target": "alderlake", "cpu.vendor": "GenuineIntel" });
  });

  test("only the named sections are extracted (this root has no /sys: system[cpu] would fail)", async () => {
    const f = request("os.yaml", { "os.vendor": "system.os.vendor" });
    const r = await runInProcess(["create", "artifact", "-i", f, "--root", ROOT]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  test("an unknown field names the section and field", async () => {
    const f = request("bad-field.yaml", { "cpu.x": "system.os.nope" });
    const r = await runInProcess(["create", "artifact", "-i", f, "--root", ROOT]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('io.archspec cpu.x: system.os.nope names nothing: section system.os has no field "nope"');
  });

  test("Go's escaping of <>& and sorted keys", async () => {
    const f = request("esc.yaml", { "z.key": "custom.x.y", "a.key": "custom.x.y" });
    const r = await runInProcess(["create", "artifact", "-i", f, "-a", "custom.x.y=<a&b>"]);
    expect(r.stdout).toContain('"a.key": "\\u003ca\\u0026b\\u003e",\n        "z.key"');
  });
});

describe("bad requests: exit 2", () => {
  const cases: [string, string, RegExp][] = [
    ["no schemas", 'kind: CompatibilitySpec\ncompatibilities:\n- name: a\n  attributes: {x: system.os.name}\n', /must have one or more schemas/],
    ["a namespace without a schema", "kind: CompatibilitySpec\nmetadata: {schemas: {b: u}}\ncompatibilities:\n- name: a\n  attributes: {x: system.os.name}\n", /:4:9: compatibilities\[0\]\.name: a is missing a schema/],
    ["an empty schema", 'kind: CompatibilitySpec\nmetadata: {schemas: {a: ""}}\ncompatibilities:\n- name: a\n  attributes: {x: system.os.name}\n', /a has an empty schema/],
    ["a non-string value", "kind: CompatibilitySpec\nmetadata: {schemas: {a: u}}\ncompatibilities:\n- name: a\n  attributes: {x: 1.5}\n", /must be a string, not the number 1\.5; quote it: "1\.5"/],
  ];
  for (const [name, text, message] of cases) {
    test(name, async () => {
      const f = path.join(work, `${name.replaceAll(" ", "-")}.yaml`);
      fs.writeFileSync(f, text);
      const r = await runInProcess(["create", "artifact", "-i", f, "--root", ROOT]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }
  test("a malformed -a", async () => {
    const r = await runInProcess(["create", "artifact", "-i", REQUEST, "-a", "custom.gpu=yes"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("expected EXTRACTOR.SECTION.FIELD=VALUE");
  });
});
