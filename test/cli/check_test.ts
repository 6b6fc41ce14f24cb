/**
 * `compspec check` end to end: every target kind, NFD's --output-json for the
 * worked examples, hostlists grouped by reason, the top choice across
 * clusters, --json against its schema, exit codes, and bad input.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { CheckReportSchema } from "../../src/compat/report.ts";
import { type NfdJson, writeNfdNodeFile } from "../compat/nfd_node_file.ts";
import { ensureBinary, runBinary } from "../util/binary.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";
import { runInProcess } from "./run_in_process.ts";

const EX = path.join(FIXTURES, "compat", "nfd", "examples");
const debian = JSON.parse(fs.readFileSync(path.join(EX, "node-x86-debian.json"), "utf8")) as NfdJson;
const work = tempDir("compspec-check-");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const writeNode = writeNfdNodeFile;

const debianFile = writeNode(work, "debian", debian);
const withoutAvx2: NfdJson = { ...debian, flags: { ...debian.flags, "cpu.cpuid": debian.flags!["cpu.cpuid"]!.filter((f) => f !== "AVX2") } };

// 40 nodes; node037-039 lack AVX2.
const cluster = path.join(work, "cluster");
for (let i = 1; i <= 40; i++) {
  const name = `node${String(i).padStart(3, "0")}`;
  writeNode(cluster, name, i >= 37 && i <= 39 ? withoutAvx2 : debian);
}

describe("--output-json on a node file prints exactly what NFD prints", () => {
  const expected = JSON.parse(fs.readFileSync(path.join(EX, "expected.json"), "utf8")) as {
    cases: { spec: string; tags?: string[]; expectedOutput: unknown; setVerdicts: boolean[] }[];
  };
  for (const c of expected.cases) {
    test(`${c.spec}${c.tags ? ` --tags ${c.tags}` : ""}`, async () => {
      const r = await runInProcess(["check", "--artifact", path.join(EX, c.spec), "--node-file", debianFile, "--output-json", ...(c.tags ? ["--tags", c.tags.join(",")] : [])]);
      expect(r.stdout).toBe(JSON.stringify(c.expectedOutput)); // no trailing newline, as NFD
      expect(r.status).toBe(c.setVerdicts.some(Boolean) ? 0 : 1);
    });
  }
});

describe("people's output", () => {
  test("one node: each set PASS/FAIL with the failing expressions, wanted vs found", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex1-nfd-example.yaml"), "--node-file", debianFile]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("debian (");
    expect(r.stdout).toContain(": cannot run it");
    expect(r.stdout).toContain('set 1 "my image requirements": FAIL');
    // NFD's own example asks for vfio-pci; /proc/modules calls it vfio_pci: a warning, and no "found absent" (#20).
    expect(r.stderr).toContain('kernel.loadedmodule element "vfio-pci" (loaded modules are named with underscores, as in /proc/modules: did you mean vfio_pci?)');
    expect(r.stdout).not.toContain("vfio-pci Exists — found absent");
    expect(r.stdout).toContain('rule "one of available nics": pci.device vendor In 0eee — found 10de, 8086 (matchAny alternative 1 of 2)');
  });

  test("one node that fits names the best set", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-file", debianFile]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("can run it (set avx2, weight 10)");
    expect(r.stdout).toContain('set 1 [avx512] "AVX-512 build" (weight 90): FAIL');
    expect(r.stdout).toContain('rule "avx512": cpu.cpuid AVX512F Exists — found absent');
  });

  test("no single instance satisfying all expressions is said so", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex4-gpu-pci.yaml"), "--node-file", debianFile]);
    expect(r.stdout).toContain("each expression holds on some pci.device, but no single one satisfies them all");
  });

  test("many nodes: counts, best set, hostlists grouped by reason", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("37 of 40 nodes can run it (set avx2, weight 10)");
    expect(r.stdout).toContain("can run:    node[001-036,040]");
    expect(r.stdout).toContain("cannot run: node[037-039]");
    expect(r.stdout).toContain("node[037-039] (3 nodes): cannot run it");
    expect(r.stdout).toContain('rule "avx2": cpu.cpuid AVX2 Exists — found absent');
  });

  test("--all: every node must fit", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster, "--all"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("37 of 40 nodes can run it (set avx2, weight 10) (not all, as --all asks)");
    const ok = await runInProcess(["check", "--artifact", path.join(EX, "ex3-kernel-os.yaml"), "--node-dir", cluster, "--all"]);
    expect(ok.status).toBe(0);
  });

  test("a section the node files lack is unknown, naming it", async () => {
    const bare = path.join(work, "bare");
    fs.mkdirSync(bare);
    fs.writeFileSync(path.join(bare, "b1.json"), JSON.stringify({ results: { nfd: { sections: { cpu: { "cpuid.AVX2": "true" } } } } }));
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex3-kernel-os.yaml"), "--node-dir", bare]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("b1 (1 node): cannot tell");
    expect(r.stdout).toContain("found unknown (the node file has no nfd[kernel] section)");
  });
});

describe("this machine and saved roots", () => {
  test("this machine, extracted in-process (only the sections the rules use)", async () => {
    const f = path.join(work, "osrelease.yaml");
    fs.writeFileSync(f, "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: has an OS\n    matchFeatures:\n    - feature: system.osrelease\n      matchExpressions: {ID: {op: Exists}}\n");
    const r = await runInProcess(["check", "--artifact", f]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: can run it\n  set 1: PASS\n$/);
    const j = await runInProcess(["check", "--artifact", f, "--output-json"]);
    expect(JSON.parse(j.stdout)[0].rules[0].isMatch).toBe(true);
  });

  test("a section that cannot be read is a warning, and what needs it is unknown", async () => {
    const root = path.join(FIXTURES, "compat", "roots", "lammps-build"); // no /sys
    const f = path.join(work, "nvidia.yaml");
    fs.writeFileSync(f, 'version: v1alpha1\ncompatibilities:\n- rules:\n  - name: gpu\n    matchFeatures:\n    - feature: pci.device\n      matchExpressions: {vendor: {op: In, value: ["10de"]}}\n');
    const r = await runInProcess(["check", "--artifact", f, "--root", root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/warning: nfd\[pci\] cannot be read \(.*\): what depends on it is unknown/);
    expect(r.stdout).toContain("lammps-build (");
    expect(r.stdout).toContain("cannot tell: some requirements cannot be checked from this data");
    expect(r.stdout).toContain('rule "gpu": pci.device vendor In 10de — found unknown (the node file has no nfd[pci] section)');
  });
});

describe("nodes NFD cannot evaluate", () => {
  test("Gt on a value that is not a number: the node is an error, the others are still judged", async () => {
    const f = path.join(work, "gt.yaml");
    fs.writeFileSync(f, "version: v1alpha1\ncompatibilities:\n- rules:\n  - name: new kernel\n    matchFeatures:\n    - feature: kernel.version\n      matchExpressions: {major: {op: Gt, value: [\"4\"]}}\n");
    const dir = path.join(work, "mixed");
    writeNode(dir, "good", debian);
    writeNode(dir, "odd", { ...debian, attributes: { ...debian.attributes, "kernel.version": { major: "six" } } });
    const r = await runInProcess(["check", "--artifact", f, "--node-dir", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("1 of 2 nodes can run it");
    expect(r.stdout).toContain('odd (1 node): cannot be evaluated\n    error: rule "new kernel", kernel.version: not a number "six"');
    const one = await runInProcess(["check", "--artifact", f, "--node-file", path.join(dir, "odd.json"), "--output-json"]);
    expect(one.status).toBe(1);
    expect(one.stdout).toBe("");
    expect(one.stderr).toContain('not a number "six"');
  });

  test("--allow-fail skips bad node files with a warning", async () => {
    const dir = path.join(work, "withbad");
    writeNode(dir, "good", debian);
    fs.writeFileSync(path.join(dir, "bad.json"), "{");
    expect((await runInProcess(["check", "--artifact", path.join(EX, "ex3-kernel-os.yaml"), "--node-dir", dir])).status).toBe(1);
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex3-kernel-os.yaml"), "--node-dir", dir, "--allow-fail"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: skipping .*bad\.json: not JSON/);
  });
});

describe("graphs", () => {
  const red = path.join(work, "red.json");
  const blue = path.join(work, "blue.json");
  const plain = path.join(work, "plain.json");
  const small = path.join(work, "small");
  for (let i = 1; i <= 5; i++) writeNode(small, `b${i}`, debian);

  test("create nodes --labels carries the NFD features; check --graph picks the top choice", async () => {
    expect((await runInProcess(["create", "nodes", "--cluster-name", "red", "--node-dir", cluster, "--labels", "--nodes-output", red])).status).toBe(0);
    expect((await runInProcess(["create", "nodes", "--cluster-name", "blue", "--node-dir", small, "--labels", "--format", "fluxion", "--nodes-output", blue])).status).toBe(0);
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--graph", blue, "--graph", red]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("red: 37 of 40 nodes can run it (set avx2, weight 10)");
    expect(r.stdout).toContain("blue: 5 of 5 nodes can run it (set avx2, weight 10)");
    expect(r.stdout).toContain("top choice: red");
    const j = v.parse(CheckReportSchema, JSON.parse((await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--graph", blue, "--graph", red, "--json"])).stdout));
    expect(j.topChoice).toBe("red");
    expect(j.targets.map((t) => [t.name, t.fitting, t.nodes])).toEqual([["blue", 5, 5], ["red", 37, 40]]);
  });

  test("a graph made without --labels cannot tell, and says how to fix it", async () => {
    expect((await runInProcess(["create", "nodes", "--cluster-name", "plain", "--node-dir", small, "--nodes-output", plain])).status).toBe(0);
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--graph", plain]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("0 of 5 nodes can run it");
    expect(r.stdout).toContain("make it with 'compspec create nodes --labels'");
  });

  test("attribute artifacts on a graph: archspec order on io.archspec.cpu.target", async () => {
    const realistic = path.join(FIXTURES, "nodes", "realistic");
    const g = path.join(work, "real.json");
    expect((await runInProcess(["create", "nodes", "--cluster-name", "real", "--node-dir", realistic, "--nodes-output", g])).status).toBe(0);
    const artifact = (target: string) => {
      const f = path.join(work, `target-${target}.json`);
      fs.writeFileSync(f, JSON.stringify({ version: "0.0.0", kind: "CompatibilitySpec", compatibilities: [{ name: "io.archspec", version: "0.0.0", attributes: { "cpu.target": target } }] }));
      return f;
    };
    expect((await runInProcess(["check", "--artifact", artifact("haswell"), "--graph", g])).status).toBe(0); // sapphirerapids runs haswell builds
    expect((await runInProcess(["check", "--artifact", artifact("amd64"), "--graph", g])).status).toBe(0);
    const zen = await runInProcess(["check", "--artifact", artifact("zen3"), "--graph", g]);
    expect(zen.status).toBe(1);
    expect(zen.stdout).toContain("io.archspec.cpu.target >= zen3 (archspec) — found sapphirerapids (zen3 is not in sapphirerapids's archspec lineage, and archspec's sapphirerapids does not list 4 of zen3's features (clzero, fsgsbase, pku, sse4a); a build for x86_64_v3 (in both lineages) would run there)");
    const unknown = await runInProcess(["check", "--artifact", artifact("futurelake"), "--graph", g]);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain("cannot tell");
  });
});

describe("--json", () => {
  test("validates against the report schema, one group per reason", async () => {
    const r = await runInProcess(["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster, "--json"]);
    expect(r.status).toBe(0);
    const report = v.parse(CheckReportSchema, JSON.parse(r.stdout));
    const t = report.targets[0]!;
    expect([t.nodes, t.fitting, t.fittingHosts, t.otherHosts]).toEqual([40, 37, "node[001-036,040]", "node[037-039]"]);
    expect(t.best).toEqual({ index: 1, weight: 10 });
    // A group's best set has the target's best's shape (it was the bare index).
    expect(t.groups.map((g) => [g.hosts, g.status, g.best])).toEqual([["node[001-036,040]", "pass", { index: 1, weight: 10 }], ["node[037-039]", "fail", null]]);
    expect(t.groups[1]!.sets[1]!.reasons[0]).toEqual({ status: "fail", rule: "avx2", feature: "cpu.cpuid", key: "AVX2", expression: "Exists", found: ["absent"] });
  });
});

describe("exit 2 and nothing on stdout for usage errors and bad artifacts", () => {
  const bad = (name: string, text: string) => {
    const f = path.join(work, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const cases: [string, string[], RegExp][] = [
    ["no --artifact", ["check"], /--artifact FILE is required/],
    ["missing file", ["check", "--artifact", path.join(work, "nope.yaml")], /--artifact .*nope\.yaml: no such file or folder$/m],
    ["a directory", ["check", "--artifact", work], /is a directory/],
    ["malformed YAML", ["check", "--artifact", bad("m.yaml", "version: [\n")], /m\.yaml:\d+:\d+: not valid YAML or JSON/],
    ["unknown operator", ["check", "--artifact", bad("op.yaml", "version: v1alpha1\ncompatibilities:\n- rules:\n  - matchFeatures:\n    - feature: cpu.cpuid\n      matchExpressions: {AVX: {op: Has}}\n")], /op\.yaml:6:31: .*unknown operator "Has"/],
    ["two target kinds", ["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster, "--node-file", debianFile], /give one kind of target/],
    ["--output-json for many nodes", ["check", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--node-dir", cluster, "--output-json"], /--output-json is NFD's format for one node/],
    ["--output-json with an attribute artifact", ["check", "--artifact", path.join(FIXTURES, "compat", "compspec-go", "generated-compatibility-spec.json"), "--node-file", debianFile, "--output-json"], /needs an NFD \(v1alpha1\) artifact/],
    ["--tags on an attribute artifact", ["check", "--artifact", path.join(FIXTURES, "compat", "compspec-go", "generated-compatibility-spec.json"), "--tags", "x"], /--tags selects NFD compatibility sets/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const r = await runInProcess(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }

  test("a 100 MB artifact is refused from its size, unread", async () => {
    const big = path.join(work, "big.yaml");
    fs.writeFileSync(big, "version: v1alpha1\n");
    fs.truncateSync(big, 100 * 1024 * 1024); // sparse: no disk used
    const started = performance.now();
    const r = await runInProcess(["check", "--artifact", big, "--node-file", debianFile]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/big\.yaml: is 104857600 bytes; a compatibility document may be at most 1048576 \(refused unread\)/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test("a FIFO is refused without blocking", async () => {
    const fifo = path.join(work, "fifo.yaml");
    if (spawnSync("mkfifo", [fifo]).status !== 0) return;
    const r = await runInProcess(["check", "--artifact", fifo, "--node-file", debianFile]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is not a regular file");
  });

  test("an alias bomb is refused quickly", async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    const r = await runInProcess(["check", "--artifact", bad("bomb.yaml", lines.join("\n") + "\n"), "--node-file", debianFile]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("refused: this is how alias bombs work");
  });
});

describe("the compiled binary bundles yaml and re2js", () => {
  test("check with an RE2 pattern and a catastrophic-backtracking one, from dist/compspec", async () => {
    ensureBinary();
    const f = path.join(work, "re.yaml");
    fs.writeFileSync(f, `version: v1alpha1\ncompatibilities:\n- rules:\n  - name: r\n    matchFeatures:\n    - feature: cpu.cpuid\n      matchName: {op: InRegexp, value: ["^AV(X|Y)", "(a+)+$"]}\n`);
    const r = runBinary(["check", "--artifact", f, "--node-file", debianFile, "--output-json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)[0].rules[0].isMatch).toBe(true);
  });
});
