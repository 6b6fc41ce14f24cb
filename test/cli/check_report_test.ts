/**
 * `compspec check`'s verdicts right and explained (issue #20): the best set
 * named per group of nodes, `found` as a list of values in `--json`, and the
 * sections `extract --allow-fail` could not read answered UNKNOWN.
 */
import { afterAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { CheckReportSchema } from "../../src/compat/report.ts";
import { nodeFileFromNfdJson, type NfdJson } from "../compat/nfd_node_file.ts";
import { FIXTURES, runCli, tempDir } from "../util/fixtures.ts";

const EX = path.join(FIXTURES, "compat", "nfd", "examples");
const debian = JSON.parse(fs.readFileSync(path.join(EX, "node-x86-debian.json"), "utf8")) as NfdJson;
const work = tempDir("compspec-check-report-");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function writeNode(dir: string, hostname: string, json: NfdJson): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${hostname}.json`);
  fs.writeFileSync(file, JSON.stringify(nodeFileFromNfdJson(json, hostname)));
  return file;
}

const withFlags = (flags: string[]): NfdJson => ({ ...debian, flags: { ...debian.flags, "cpu.cpuid": flags } });
const artifact = path.join(work, "gpu-or-cpu.yaml");
fs.writeFileSync(
  artifact,
  `version: v1alpha1
compatibilities:
- tag: gpu
  weight: 100
  rules:
  - name: gpu build
    matchFeatures:
    - feature: cpu.cpuid
      matchExpressions: {AVX512F: {op: Exists}}
- tag: cpu
  weight: 10
  rules:
  - name: cpu build
    matchFeatures:
    - feature: cpu.cpuid
      matchExpressions: {AVX2: {op: Exists}}
`,
);

describe("the best set, per group of nodes", () => {
  const dir = path.join(work, "three");
  writeNode(dir, "n1", withFlags(["AVX2", "AVX512F"]));
  writeNode(dir, "n2", withFlags(["AVX2"]));
  writeNode(dir, "n3", withFlags(["AVX2"]));

  test("1 node passes set gpu and 2 only set cpu: the headline names both", () => {
    const r = runCli(["check", "--artifact", artifact, "--node-dir", dir]);
    expect(r.status).toBe(0);
    // It said "3 of 3 nodes can run it (set gpu, weight 100)", which two of them cannot.
    expect(r.stdout).toContain("three: 3 of 3 nodes can run it: 1 node: set gpu (weight 100); 2 nodes: set cpu (weight 10)\n");
  });

  test("every node on the same set: one set, as before", () => {
    const same = path.join(work, "same");
    writeNode(same, "m1", withFlags(["AVX2"]));
    writeNode(same, "m2", withFlags(["AVX2"]));
    const r = runCli(["check", "--artifact", artifact, "--node-dir", same]);
    expect(r.stdout).toContain("same: 2 of 2 nodes can run it (set cpu, weight 10)\n");
  });

  test("--json: a group's best has the target's best's shape", () => {
    const r = runCli(["check", "--artifact", artifact, "--node-dir", dir, "--json"]);
    const t = v.parse(CheckReportSchema, JSON.parse(r.stdout)).targets[0]!;
    expect(t.best).toEqual({ index: 0, weight: 100 });
    expect(t.groups.map((g) => [g.hosts, g.best])).toEqual([["n[2-3]", { index: 1, weight: 10 }], ["n1", { index: 0, weight: 100 }]]);
  });
});

describe("--json found: a list of values", () => {
  test("the values of a node's instances are entries, not one joined string", () => {
    const r = runCli(["check", "--artifact", path.join(EX, "ex1-nfd-example.yaml"), "--node-file", writeNode(work, "debian", debian), "--json"]);
    const report = v.parse(CheckReportSchema, JSON.parse(r.stdout));
    const reasons = report.targets[0]!.groups[0]!.sets[0]!.reasons;
    const nic = reasons.find((x) => x.expression === "In 0eee")!;
    // It was ["8086, 10de"].
    expect(nic.found).toEqual(["10de", "8086"]);
  });
});
