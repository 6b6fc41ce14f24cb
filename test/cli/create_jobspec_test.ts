/**
 * `compspec create jobspec` end to end: over homogeneous clusters made of saved
 * node files, the subsystems `create subsystem` writes, read back from its
 * files into the model of rainbow's matcher, accept the jobspec exactly when
 * `check` says the nodes can run the image; on a heterogeneous cluster
 * `--graph` warns where rainbow may accept what no node can run. Bad input:
 * exit 2 (3 for `--image` without artifact), nothing written.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { type ModelCluster, modelVerdict } from "../../src/rainbow/matcher.ts";
import type { Requirement } from "../../src/rainbow/requirement.ts";
import { FIXTURES, runCli, tempDirsForFile } from "../util/fixtures.ts";

const EX = path.join(FIXTURES, "compat/nfd/examples");
const scratchDir = tempDirsForFile();
function temp(): string {
  const d = scratchDir("compspec-jobspec-");
  return d;
}

/** A folder of `n` copies of a node file, hostnames h0…. */
function homogeneous(file: string, n: number): string {
  const dir = temp();
  const f = JSON.parse(fs.readFileSync(file, "utf8"));
  for (let i = 0; i < n; i++) {
    if (f.compspec) f.compspec.hostname = `h${i}`;
    fs.writeFileSync(path.join(dir, `h${i}.json`), JSON.stringify(f));
  }
  return dir;
}

/** The model's cluster, read back from `create subsystem`'s files. */
function clusterFromFiles(dir: string): ModelCluster {
  const nodes = new Map<string, Map<string, Record<string, string>>>();
  const names = new Set<string>();
  for (const f of fs.readdirSync(dir)) {
    const name = f.replace(/\.json$/, "");
    names.add(name);
    const g = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    for (const e of g.graph.edges) {
      const { type: _, ...fields } = g.graph.nodes[e.target].metadata;
      if (!nodes.has(e.source)) nodes.set(e.source, new Map());
      nodes.get(e.source)!.set(name, fields);
    }
  }
  return { names, nodes: [...nodes.values()].map((facts) => ({ facts, cores: 1, gpus: 0 })) };
}

/** Artifacts written for this test, by name. */
const ARTIFACTS: Record<string, unknown> = {
  "avx512": { version: "v1alpha1", compatibilities: [{ rules: [{ name: "avx512", matchFeatures: [{ feature: "cpu.cpuid", matchExpressions: { AVX512F: { op: "Exists" }, AVX512BW: { op: "Exists" } } }] }] }] },
  "no-such-flag": { version: "v1alpha1", compatibilities: [{ rules: [{ name: "none has it", matchFeatures: [{ feature: "cpu.cpuid", matchExpressions: { NO_SUCH_FLAG: { op: "Exists" } } }] }] }] },
  "debian": { version: "v1alpha1", compatibilities: [{ rules: [{ name: "os", matchFeatures: [{ feature: "system.osrelease", matchExpressions: { ID: { op: "In", value: ["debian"] } } }] }] }] },
  "os-version": { version: "v1alpha1", compatibilities: [{ rules: [{ name: "os", matchFeatures: [{ feature: "system.osrelease", matchExpressions: { VERSION_ID: { op: "Ge", value: ["9.2"], type: "version" } } }] }] }] },
  "intel-family": { version: "v1alpha1", compatibilities: [{ rules: [{ name: "cpu", matchFeatures: [{ feature: "cpu.model", matchExpressions: { vendor_id: { op: "In", value: ["Intel"] }, family: { op: "Ge", value: ["6"] } } }] }] }] },
  "rocky-9.4": { version: "0.0.0", compatibilities: [{ name: "org.supercontainers", attributes: { "os.vendor": "rocky", "os.version": "9.4" } }] },
  "gpu": { version: "0.0.0", compatibilities: [{ name: "org.supercontainers", attributes: { "hardware.gpu.available": "yes" } }] },
  "haswell": { version: "0.0.0", compatibilities: [{ name: "io.archspec", attributes: { "cpu.target": "haswell" } }] },
  "h100": { version: "0.0.0", compatibilities: [{ name: "org.supercontainers", attributes: { "hardware.gpu.model": "NVIDIA H100 80GB HBM3" } }] },
};
const artifacts = temp();
for (const [name, doc] of Object.entries(ARTIFACTS)) fs.writeFileSync(path.join(artifacts, `${name}.json`), JSON.stringify(doc));
const artifact = (name: string) => path.join(artifacts, `${name}.json`);

describe("create jobspec: rainbow's answer over create subsystem's files agrees with check (homogeneous clusters)", () => {
  const machines = {
    "rainbow-red (Debian 12, Intel, AVX-512, no GPU)": path.join(FIXTURES, "nodes/rainbow-red/node0.json"),
    "gpu5 (Rocky 9.4, icelake, H100)": path.join(FIXTURES, "nodes/extracted/gpu5.json"),
    "gpu17 (no NFD sections)": path.join(FIXTURES, "nodes/realistic/gpu17.json"),
  };
  for (const [label, file] of Object.entries(machines)) {
    test(label, () => {
      const dir = homogeneous(file, 3);
      const out = path.join(temp(), "s/");
      expect(runCli(["create", "subsystem", "--cluster-name", "c", "--node-dir", dir, "--out", out]).status).toBe(0);
      const cluster = clusterFromFiles(out);
      const answers: Record<string, [boolean, boolean]> = {};
      for (const name of Object.keys(ARTIFACTS)) {
        const j = runCli(["create", "jobspec", "--artifact", artifact(name), "--command", "ior -w"]);
        expect([name, j.status, j.stderr]).toEqual([name, 0, expect.not.stringContaining("cannot check")]);
        const requires = parse(j.stdout).resources.compat.requires as Requirement[];
        const model = modelVerdict({ requires, nodes: 1, cores: 1, gpus: 0 }, cluster);
        const check = runCli(["check", "--artifact", artifact(name), "--node-dir", dir]);
        answers[name] = [model.strict, check.status === 0];
      }
      for (const [name, [rainbow, exact]] of Object.entries(answers)) expect([name, rainbow]).toEqual([name, exact]);
      // Not all the same answer: the artifacts tell these machines apart.
      const yes = Object.values(answers).filter(([r]) => r).length;
      if (!label.startsWith("gpu17")) expect(yes).toBeGreaterThan(0);
      expect(answers["no-such-flag"]).toEqual([false, false]);
    });
  }
});

describe("create jobspec --graph: a heterogeneous cluster", () => {
  test("Debian without GPU + Rocky with GPU: rainbow may accept 'Debian and a GPU', no node can run it: a warning", () => {
    const dir = temp();
    fs.copyFileSync(path.join(FIXTURES, "nodes/rainbow-red/node0.json"), path.join(dir, "node0.json"));
    fs.copyFileSync(path.join(FIXTURES, "nodes/extracted/gpu5.json"), path.join(dir, "gpu5.json"));
    const graph = path.join(temp(), "mixed.json");
    expect(runCli(["create", "nodes", "--cluster-name", "mixed", "--node-dir", dir, "--labels", "--out", graph]).status).toBe(0);
    const spec = path.join(temp(), "debian-gpu.json");
    fs.writeFileSync(spec, JSON.stringify({ version: "0.0.0", compatibilities: [{ name: "org.supercontainers", attributes: { "os.vendor": "debian", "hardware.gpu.available": "yes" } }] }));
    const r = runCli(["create", "jobspec", "--artifact", spec, "--command", "ior", "--graph", graph]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("cluster mixed");
    expect(r.stderr).toContain("rainbow may accept it");
    expect(r.stderr).toContain("no single node can run the image");
    // In a rank order that is not the hostname order, each node is still judged on its own facts and size.
    const ranked = path.join(temp(), "ranked.json");
    expect(runCli(["create", "nodes", "--cluster-name", "mixed", "--node-dir", dir, "--labels", "--ranks-from", "node0,gpu5", "--out", ranked]).status).toBe(0);
    const debian = path.join(temp(), "debian.json");
    fs.writeFileSync(debian, JSON.stringify({ version: "0.0.0", compatibilities: [{ name: "org.supercontainers", attributes: { "os.vendor": "debian" } }] }));
    const sized = runCli(["create", "jobspec", "--artifact", debian, "--command", "ior", "--gpus-per-node", "1", "--graph", ranked]);
    expect(sized.stderr).toContain("rainbow may accept it (on some tries); check: 0 nodes can run it, 1 needed");
    // One that a node can run: no warning.
    const ok = runCli(["create", "jobspec", "--artifact", artifact("gpu"), "--command", "ior", "--graph", graph]);
    expect(ok.stderr).toContain("rainbow accepts it; check: 1 node can run it");
    expect(ok.stderr).not.toContain("warning");
  });
});

describe("create jobspec: bad input is exit 2 (3 for --image without artifact) and nothing is written", () => {
  const out = () => path.join(temp(), "jobspec.yaml");
  const cases: [string, (o: string) => string[], number, string][] = [
    ["no artifact", (o) => ["--command", "ior", "--out", o], 2, "--artifact FILE or --image REF"],
    ["no command", (o) => ["--artifact", artifact("gpu"), "--out", o], 2, "--command"],
    ["nothing rainbow can check", (o) => ["--artifact", path.join(EX, "ex5-negation-backref.yaml"), "--command", "ior", "--out", o], 2, "no requirement rainbow can check"],
    ["unknown --tags", (o) => ["--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--tags", "sse", "--command", "ior", "--out", o], 2, "has tag sse"],
    ["--strict with what rainbow cannot check", (o) => ["--artifact", path.join(EX, "ex1-nfd-example.yaml"), "--strict", "--command", "ior", "--out", o], 2, "--strict"],
    ["a command word YAML would quote", (o) => ["--artifact", artifact("gpu"), "--command", "sleep 10", "--out", o], 2, '"10"'],
    ["a bad graph", (o) => ["--artifact", artifact("gpu"), "--command", "ior", "--graph", path.join(FIXTURES, "nodes/rainbow-red/node0.json"), "--out", o], 2, "--graph"],
    ["--image without artifact", (o) => ["--image", `oci-layout:${path.join(temp(), "none")}:v1`, "--command", "ior", "--out", o], 3, "not found"],
  ];
  for (const [label, args, status, message] of cases) {
    test(label, () => {
      const o = out();
      const r = runCli(["create", "jobspec", ...args(o)]);
      expect([r.status, r.stdout]).toEqual([status, ""]);
      expect(r.stderr).toContain(message);
      expect(fs.existsSync(o)).toBe(false);
    });
  }

  test("--tags picks the set; without --strict what rainbow cannot check is listed and the rest written", () => {
    const o = out();
    const r = runCli(["create", "jobspec", "--artifact", path.join(EX, "ex2-avx512-or-avx2.yaml"), "--tags", "avx2", "--command", "ior", "--nodes", "2", "--cores-per-node", "4", "--gpus-per-node", "1", "--out", o]);
    expect(r.status).toBe(0);
    const doc = parse(fs.readFileSync(o, "utf8"));
    expect(doc.resources.compat.requires).toEqual([
      { name: "compat-nfd-cpu-cpuid-AVX2", field: "nfd.cpu.cpuid.AVX2", match: "present" },
      { name: "compat-nfd-cpu-cpuid-FMA3", field: "nfd.cpu.cpuid.FMA3", match: "present" },
    ]);
    expect(doc.resources.compat.replicas).toBe(2);
    expect(doc.resources.compat.with).toEqual([{ type: "core", count: 4 }, { type: "gpu", count: 1 }]);
    const listed = runCli(["create", "jobspec", "--artifact", path.join(EX, "ex1-nfd-example.yaml"), "--command", "ior"]);
    expect(listed.status).toBe(0);
    expect(listed.stderr).toContain("rainbow cannot check");
    expect(listed.stderr).toContain("InRegexp");
    expect(parse(listed.stdout).resources.compat.requires.length).toBeGreaterThan(0);
  });
});
