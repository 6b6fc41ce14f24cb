/**
 * Issue #20, "every verdict right and explained", as a new user meets it:
 * misspelt artifact fields, feature and element names, value operators on
 * flags, RHEL kernel versions and mistyped --tags each get a clear answer
 * (exit 2 with the nearest name, or a warning and "unknown name", exit 3)
 * instead of a silent "can run it" or "cannot run it".
 */
import { afterAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { type NfdJson, writeNfdNodeFile } from "../compat/nfd_node_file.ts";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const EX = path.join(FIXTURES, "compat", "nfd", "examples");
const debian = JSON.parse(fs.readFileSync(path.join(EX, "node-x86-debian.json"), "utf8")) as NfdJson;
const work = tempDir("compspec-check-names-");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const writeNode = writeNfdNodeFile;

// Three Debian nodes, and one Rocky 9 node whose kernel release NFD's type: version cannot read.
const cluster = path.join(work, "cluster");
for (const n of ["node1", "node2", "node3"]) writeNode(cluster, n, debian);
const rocky = writeNode(work, "rocky", {
  ...debian,
  attributes: { ...debian.attributes, "kernel.version": { full: "5.14.0-427.13.1.el9_4.x86_64", major: "5", minor: "14", revision: "0" } },
});

let count = 0;
function artifact(text: string): string {
  const f = path.join(work, `a${++count}.yaml`);
  fs.writeFileSync(f, text);
  return f;
}

/** One set, one rule, one term. */
function rule(feature: string, expressions: string): string {
  return `version: v1alpha1\ncompatibilities:\n- description: d\n  rules:\n  - name: r\n    matchFeatures:\n    - feature: ${feature}\n      matchExpressions:\n${expressions}`;
}

describe("item 1: a key that is no field is refused with the nearest field", () => {
  const cases: [string, string, RegExp][] = [
    [
      "matchExpression (singular)",
      "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpression:\n        AVX512F: {op: Exists}\n",
      /a\d+\.yaml:7:7: compatibilities\[0\]\.rules\[0\]\.matchFeatures\[0\]\.matchExpression: unknown field "matchExpression"; did you mean matchExpressions\?/,
    ],
    ["weigth", "version: v1alpha1\ncompatibilities:\n- weigth: 90\n  rules: []\n", /:3:3: compatibilities\[0\]\.weigth: unknown field "weigth"; did you mean weight\?/],
    ["tags", "version: v1alpha1\ncompatibilities:\n- tags: avx\n  rules: []\n", /:3:3: compatibilities\[0\]\.tags: unknown field "tags"; did you mean tag\?/],
    ["an expression's opp", rule("cpu.cpuid", "        AVX2: {opp: Exists}\n"), /matchExpressions\.AVX2\.opp: unknown field "opp"; did you mean op\?/],
    [
      "an attribute artifact's attributs",
      '{"kind": "CompatibilitySpec", "compatibilities": [{"name": "io.archspec", "attributs": {"cpu.target": "haswell"}}]}',
      /compatibilities\[0\]\.attributs: unknown field "attributs"; did you mean attributes\?/,
    ],
  ];
  for (const [name, text, message] of cases) {
    test(name, async () => {
      const r = await runInProcess(["check", "--artifact", artifact(text), "--node-dir", cluster]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }

  test("fields NFD defines but check does not use are kept, with a warning that they have no effect", async () => {
    const text = "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    labels: {avx2: \"true\"}\n    annotations: {a: b}\n    taints: []\n" +
      "    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions:\n        AVX2: {op: Exists}\n";
    const r = await runInProcess(["check", "--artifact", artifact(text), "--node-dir", cluster]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("3 of 3 nodes can run it");
    expect(r.stderr).toMatch(/:6:5: compatibilities\[0\]\.rules\[0\]\.annotations: NFD sets annotations on a matching node; .* no effect here/);
    expect(r.stderr).toMatch(/compatibilities\[0\]\.rules\[0\]\.taints: NFD sets taints/);
    expect(r.stderr).toMatch(/compatibilities\[0\]\.rules\[0\]\.labels: NFD sets labels on a matching node; here they only reach later rules as feature rule\.matched, which no rule reads/);
  });

  test("labels that a later rule reads through rule.matched are used, and get no warning", async () => {
    const text = "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    labels: {avx2: \"true\"}\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions:\n        AVX2: {op: Exists}\n" +
      "  - name: s\n    matchFeatures:\n    - feature: rule.matched\n      matchExpressions:\n        avx2: {op: IsTrue}\n";
    const r = await runInProcess(["check", "--artifact", artifact(text), "--node-dir", cluster]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("item 2: unknown feature and element names", () => {
  for (const [feature, guess] of [["cpu.cpuids", "cpu.cpuid"], ["cpuid", "cpu.cpuid"], ["kernel.loadedmodules", "kernel.loadedmodule"]] as const) {
    test(`feature ${feature} is exit 2: did you mean ${guess}?`, async () => {
      const r = await runInProcess(["check", "--artifact", artifact(rule(feature, "        AVX2: {op: Exists}\n")), "--node-dir", cluster]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`matchFeatures[0].feature: unknown feature "${feature}"; did you mean ${guess}?`);
    });
  }
  test("a set its source does not have lists the sets there are", async () => {
    const r = await runInProcess(["check", "--artifact", artifact(rule("kernel.modules", "        nvidia: {op: Exists}\n")), "--node-dir", cluster]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown feature "kernel.modules"; source kernel has kernel.config, kernel.loadedmodule, kernel.enabledmodule');
  });

  const names: [string, string, string, string][] = [
    ["cpu.cpuid", "avx512f", "        avx512f: {op: Exists}\n", 'no machine has cpu.cpuid element "avx512f" (did you mean AVX512F?)'],
    ["cpu.cpuid", "AVX512", "        AVX512: {op: Exists}\n", 'no machine has cpu.cpuid element "AVX512" (did you mean AVX512F?)'],
    ["system.osrelease", "id", "        id: {op: In, value: [debian]}\n", 'no machine has system.osrelease element "id" (did you mean ID?)'],
    [
      "kernel.loadedmodule",
      "nvidia-uvm",
      "        nvidia-uvm: {op: Exists}\n",
      'no machine has kernel.loadedmodule element "nvidia-uvm" (loaded modules are named with underscores, as in /proc/modules: did you mean nvidia_uvm?)',
    ],
  ];
  for (const [feature, name, expressions, note] of names) {
    test(`${feature} ${name}: a warning with the nearest name, "unknown name", exit 3 (the "no answer" exit)`, async () => {
      const r = await runInProcess(["check", "--artifact", artifact(rule(feature, expressions)), "--node-dir", cluster]);
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(`matchExpressions.${name}: ${note}; a set that needs it is reported as "unknown name", not as failing`);
      expect(r.stdout).toContain("0 of 3 nodes can run it");
      expect(r.stdout).toContain('set 1 "d": UNKNOWN');
      expect(r.stdout).toContain(`rule "r": ${feature} ${name} `);
      expect(r.stdout).toContain(`— found unknown name (${note})`);
      expect(r.stdout).not.toContain("found absent");
    });
  }

  test("--output-json stays NFD's answer (false), byte for byte", async () => {
    const a = artifact(rule("cpu.cpuid", "        avx512f: {op: Exists}\n"));
    const r = await runInProcess(["check", "--artifact", a, "--node-file", path.join(cluster, "node1.json"), "--output-json"]);
    expect(r.stdout).toBe(
      '[{"rules":[{"name":"r","isMatch":false,"matchedExpressions":[{"feature":"cpu.cpuid","name":"avx512f","expression":{"op":"Exists"},"matcherType":"matchExpression","isMatch":false}]}],"description":"d"}]',
    );
    expect(r.stderr).toContain("NFD's output says false here");
    expect(r.status).toBe(3);
  });

  test("a set that also fails for a real reason is a plain FAIL, exit 1", async () => {
    const r = await runInProcess(["check", "--artifact", artifact(rule("cpu.cpuid", "        avx512f: {op: Exists}\n        AVX512F: {op: Exists}\n")), "--node-dir", cluster]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('set 1 "d": FAIL');
    expect(r.stdout).toContain("cpu.cpuid AVX512F Exists — found absent");
  });

  test("another set that passes still decides: exit 0", async () => {
    const text = rule("cpu.cpuid", "        avx512f: {op: Exists}\n") +
      "- description: e\n  rules:\n  - name: s\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions:\n        AVX2: {op: Exists}\n";
    const r = await runInProcess(["check", "--artifact", artifact(text), "--node-dir", cluster]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("3 of 3 nodes can run it");
  });

  test("a source NFD does not have (NFD's own test uses unknown.unknown) is a warning and unknown name", async () => {
    const r = await runInProcess(["check", "--artifact", artifact(rule("unknown.unknown", "        name: {op: In, value: [x]}\n")), "--node-dir", cluster]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('no machine has feature "unknown.unknown" (NFD has no source "unknown"');
    expect(r.stdout).toContain("found unknown name");
  });
});

describe("item 4: a value operator on a flag can never hold", () => {
  test("In on a cpuid flag is warned about at read time, with Exists suggested", async () => {
    const r = await runInProcess(["check", "--artifact", artifact(rule("cpu.cpuid", '        AVX2: {op: In, value: ["true"]}\n')), "--node-dir", cluster]);
    expect(r.status).toBe(1); // NFD's answer stands: false on every node
    expect(r.stderr).toContain(
      "matchExpressions.AVX2: cpu.cpuid AVX2 is a flag; op In can never hold here: a flag has no value, only presence (NFD answers false on every node); use {op: Exists}",
    );
  });
  test("NotIn on a module flag suggests DoesNotExist; AVX10_VERSION is an attribute of cpu.cpuid and is not warned about", async () => {
    const r = await runInProcess(["check", "--artifact", artifact(rule("kernel.loadedmodule", '        nouveau: {op: NotIn, value: ["true"]}\n')), "--node-dir", cluster]);
    expect(r.stderr).toContain("kernel.loadedmodule nouveau is a flag; op NotIn can never hold here");
    expect(r.stderr).toContain("use {op: DoesNotExist}");
    const v = await runInProcess(["check", "--artifact", artifact(rule("cpu.cpuid", '        AVX10_VERSION: {op: Ge, value: ["1"]}\n')), "--node-dir", cluster]);
    expect(v.stderr).toBe("");
  });
});

describe("item 5: RHEL/Rocky kernel releases and type: version", () => {
  test("NFD's semantics stay (the node cannot be evaluated), and the message says how to write the rule", async () => {
    const r = await runInProcess(["check", "--artifact", artifact(rule("kernel.version", '        full: {op: Ge, value: ["5.14"], type: version}\n')), "--node-file", rocky]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("cannot be evaluated");
    expect(r.stdout).toContain('"5.14.0-427.13.1.el9_4.x86_64" is not a version; NFD\'s type: version cannot read this kernel release');
    expect(r.stdout).toContain('compare major and minor as integers instead (kernel ≥ 5.14: matchAny of {major: {op: Gt, value: ["5"]}}');
  });
  test("the rule the message (and docs/compat.md) gives works on Rocky and Debian alike", async () => {
    const doc = fs.readFileSync(path.join(FIXTURES, "..", "docs", "compat.md"), "utf8");
    const example = /```yaml\n(# kernel 5\.14 or newer[^`]*)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const a = artifact(example!);
    expect((await runInProcess(["check", "--artifact", a, "--node-file", rocky])).status).toBe(0);
    expect((await runInProcess(["check", "--artifact", a, "--node-dir", cluster])).status).toBe(0);
    const old = writeNode(work, "old", { ...debian, attributes: { ...debian.attributes, "kernel.version": { full: "5.4.0-150-generic", major: "5", minor: "4", revision: "0" } } });
    expect((await runInProcess(["check", "--artifact", a, "--node-file", old])).status).toBe(1);
  });
});

describe("item 8: a mistyped --tags", () => {
  test("is exit 2, listing the tags the artifact has", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster, "--tags", "avx3"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("ex2-avx512-or-avx2.yaml has this tag; its tags are avx512, avx2 (did you mean avx2?)");
  });
  test("one good tag and one mistyped is still refused; good ones still select", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster, "--tags", "avx2,avx-512"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--tags avx-512: no compatibility set");
    expect((await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster, "--tags", "avx2"])).status).toBe(0);
  });
  test("an artifact without tags says so", async () => {
    const r = await runInProcess(["check", "--artifact", artifact(rule("cpu.cpuid", "        AVX2: {op: Exists}\n")), "--node-dir", cluster, "--tags", "avx2"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("it has no tagged set");
  });
});
