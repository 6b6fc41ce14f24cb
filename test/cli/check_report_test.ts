/**
 * `compspec check`'s verdicts right and explained (issue #20): the best set
 * named per group of nodes, `found` as a list of values in `--json`, and the
 * sections `extract --allow-fail` could not read answered UNKNOWN.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { CheckReportSchema } from "../../src/compat/report.ts";
import { nodeFileFromNfdJson, type NfdJson } from "../compat/nfd_node_file.ts";
import { runInProcess } from "./run_in_process.ts";
import { type CliRun, FIXTURES, tempDir } from "../util/fixtures.ts";

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

  test("1 node passes set gpu and 2 only set cpu: the headline names both", async () => {
    const r = await runInProcess(["check", "--artifact", artifact, "--node-dir", dir]);
    expect(r.status).toBe(0);
    // It said "3 of 3 nodes can run it (set gpu, weight 100)", which two of them cannot.
    expect(r.stdout).toContain("three: 3 of 3 nodes can run it: 1 node: set gpu (weight 100); 2 nodes: set cpu (weight 10)\n");
  });

  test("every node on the same set: one set, as before", async () => {
    const same = path.join(work, "same");
    writeNode(same, "m1", withFlags(["AVX2"]));
    writeNode(same, "m2", withFlags(["AVX2"]));
    const r = await runInProcess(["check", "--artifact", artifact, "--node-dir", same]);
    expect(r.stdout).toContain("same: 2 of 2 nodes can run it (set cpu, weight 10)\n");
  });

  test("--json: a group's best has the target's best's shape", async () => {
    const r = await runInProcess(["check", "--artifact", artifact, "--node-dir", dir, "--json"]);
    const t = v.parse(CheckReportSchema, JSON.parse(r.stdout)).targets[0]!;
    expect(t.best).toEqual({ index: 0, weight: 100 });
    expect(t.groups.map((g) => [g.hosts, g.best])).toEqual([["n[2-3]", { index: 1, weight: 10 }], ["n1", { index: 0, weight: 100 }]]);
  });
});

describe("--json found: a list of values", () => {
  test("the values of a node's instances are entries, not one joined string", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex1-nfd-example.yaml"), "--node-file", writeNode(work, "debian", debian), "--json"]);
    const report = v.parse(CheckReportSchema, JSON.parse(r.stdout));
    const reasons = report.targets[0]!.groups[0]!.sets[0]!.reasons;
    const nic = reasons.find((x) => x.expression === "In 0eee")!;
    // It was ["8086, 10de"].
    expect(nic.found).toEqual(["10de", "8086"]);
  });
});

describe("sections extract --allow-fail could not read are unknown, not absent", () => {
  const root = path.join(work, "root");
  fs.cpSync(path.join(FIXTURES, "machines/gpu-node"), root, { recursive: true });
  fs.rmSync(path.join(root, "sys/bus/pci"), { recursive: true });
  const nodes = path.join(work, "incomplete");
  const pciRule = path.join(work, "pci.yaml");
  fs.writeFileSync(
    pciRule,
    "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: nvidia gpu\n    matchFeatures:\n    - feature: pci.device\n      matchExpressions: {vendor: {op: In, value: [\"10de\"]}}\n",
  );
  let extracted: CliRun;
  beforeAll(async () => {
    extracted = await runInProcess(["extract", "-f", "--root", root, "--hostname", "n1", "--name", "nfd[cpu,pci]", "--name", "system[cpu]", "--out", `${nodes}/`]);
  });
  const file = path.join(nodes, "n1.json");

  test("the node file names the failed section and why", async () => {
    expect(extracted.status).toBe(0);
    expect(extracted.stderr).toContain("warning: nfd[pci]: /sys/bus/pci/devices does not exist");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(json.results.nfd.sections.pci).toEqual({});
    expect(json.compspec.failed).toEqual([{ section: "nfd[pci]", error: "/sys/bus/pci/devices does not exist (cannot list PCI devices)" }]);
  });

  test("check: UNKNOWN (it said pci.device … found absent → FAIL), the node cannot tell", async () => {
    const r = await runInProcess(["check", "--artifact", pciRule, "--node-dir", nodes]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("n1 (1 node): cannot tell\n    set 1: UNKNOWN\n");
    expect(r.stdout).toContain(
      'rule "nvidia gpu": pci.device vendor In 10de — found unknown (nfd[pci] could not be read when the node file was made: /sys/bus/pci/devices does not exist (cannot list PCI devices))',
    );
    const json = v.parse(CheckReportSchema, JSON.parse((await runInProcess(["check", "--artifact", pciRule, "--node-file", file, "--json"])).stdout));
    expect(json.targets[0]!.groups[0]!.status).toBe("unknown");
  });

  test("describe names the node and its missing sections; create nodes warns", async () => {
    const d = await runInProcess(["describe", "--node-dir", nodes]);
    expect(d.status).toBe(0);
    expect(d.stdout).toContain("incomplete (sections extract could not read: what they would say is unknown)\n  n1  nfd[pci]\n");
    const c = await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", nodes]);
    expect(c.status).toBe(0);
    expect(c.stderr).toContain("warning: n1: extract could not read nfd[pci]: the graph lacks what it would say");
    // A --labels graph leaves the section out, so check --graph cannot tell either.
    const graph = path.join(work, "incomplete-graph.json");
    expect((await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", nodes, "--labels", "--out", graph])).status).toBe(0);
    const g = await runInProcess(["check", "--artifact", pciRule, "--graph", graph]);
    expect(g.stdout).toContain("pci.device vendor In 10de — found unknown (the node's file had no nfd[pci] section when the graph was made)");
  });

  test("an old node file without the list: as before (absent: FAIL), and no describe line", async () => {
    const old = path.join(work, "old");
    fs.mkdirSync(old);
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    delete json.compspec.failed;
    fs.writeFileSync(path.join(old, "n1.json"), JSON.stringify(json));
    const r = await runInProcess(["check", "--artifact", pciRule, "--node-dir", old]);
    expect(r.stdout).toContain("pci.device vendor In 10de — found absent");
    expect((await runInProcess(["describe", "--node-dir", old])).stdout).not.toContain("incomplete");
  });

  test("a bad list is refused, naming the file", async () => {
    const bad = path.join(work, "bad");
    fs.mkdirSync(bad);
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    json.compspec.failed = [{ section: "pci", error: "x" }];
    fs.writeFileSync(path.join(bad, "n1.json"), JSON.stringify(json));
    const r = await runInProcess(["check", "--artifact", pciRule, "--node-dir", bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("n1.json: not a node file: at compspec.failed.0.section: a section is written extractor[section], like nfd[pci]");
  });
});
