import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURES, runCli, tempDirsForFile } from "../util/fixtures.ts";

const RED = path.join(FIXTURES, "nodes/rainbow-red");
const scratchDir = tempDirsForFile();

function temp(): string {
  const d = scratchDir("compspec-subsystem-");
  return d;
}

interface Jgf {
  graph: { nodes: Record<string, { metadata: Record<string, string> }>; edges: { source: string; target: string }[] };
}

describe("compspec create subsystem", () => {
  test("writes one file per subsystem, each edge from the node's key in create nodes' graph", () => {
    const out = path.join(temp(), "subsystems/");
    const r = runCli(["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const files = fs.readdirSync(out).sort();
    expect(files).toContain("compat-arch.json");
    expect(files).toContain("compat-nfd-cpu-cpuid-AVX512F.json");
    expect(files.every((f) => /^compat-[A-Za-z0-9._-]+\.json$/.test(f))).toBe(true);
    const graph = JSON.parse(runCli(["create", "nodes", "--cluster-name", "red", "--node-dir", RED]).stdout) as Jgf;
    const nodeKeys = new Map(Object.entries(graph.graph.nodes).filter(([, v]) => v.metadata.type === "node").map(([k, v]) => [k, v.metadata.name]));
    for (const f of files) {
      const g = JSON.parse(fs.readFileSync(path.join(out, f), "utf8")) as Jgf;
      expect(g.graph.edges.map((e) => nodeKeys.get(e.source))).toEqual(["node0", "node1", "node2"]);
      for (const v of Object.values(g.graph.nodes)) expect(v.metadata.type).toBe(f.replace(/\.json$/, ""));
    }
  });

  test("--subsystem NAME: that one on stdout, or to --out FILE; an unknown one is exit 2", () => {
    const r = runCli(["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--subsystem", "compat-os"]);
    expect(r.status).toBe(0);
    const g = JSON.parse(r.stdout) as Jgf;
    expect(Object.values(g.graph.nodes)[0]!.metadata).toEqual({
      type: "compat-os", "org.supercontainers.os.vendor": "debian", "org.supercontainers.os.version": "12.0.0", "org.supercontainers.os.version.debian": "12.0.0",
    });
    const file = path.join(temp(), "os.json");
    expect(runCli(["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--subsystem", "compat-os", "-o", file]).status).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toBe(r.stdout);
    const bad = runCli(["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--subsystem", "compat-nope"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("compat-nope");
  });

  test("usage errors are exit 2; a bad node file fails as in create nodes, and nothing is written", () => {
    const base = ["create", "subsystem", "--cluster-name", "red"];
    expect(runCli([...base, "--out", temp()]).status).toBe(2);
    expect(runCli(["create", "subsystem", "--node-dir", RED, "--out", temp()]).status).toBe(2);
    expect(runCli([...base, "--node-dir", RED]).status).toBe(2);
    expect(runCli([...base, "--node-dir", RED, "--out", "x.json"]).status).toBe(2);

    const dir = temp();
    fs.copyFileSync(path.join(RED, "node0.json"), path.join(dir, "node0.json"));
    fs.writeFileSync(path.join(dir, "broken.json"), "{ not json");
    const out = path.join(temp(), "never/");
    const r = runCli([...base, "--node-dir", dir, "--out", out]);
    const nodes = runCli(["create", "nodes", "--cluster-name", "red", "--node-dir", dir]);
    expect(r.status).toBe(nodes.status);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("broken.json");
    expect(fs.existsSync(out)).toBe(false);
  });

  test("an existing file is not replaced without --force (and no other file is written)", () => {
    const out = temp();
    fs.writeFileSync(path.join(out, "compat-os.json"), "mine");
    const r = runCli(["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--out", out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("compat-os.json");
    expect(fs.readdirSync(out)).toEqual(["compat-os.json"]);
    expect(runCli(["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--out", out, "--force"]).status).toBe(0);
    expect(fs.readFileSync(path.join(out, "compat-os.json"), "utf8")).not.toBe("mine");
  });
});

describe("rainbow's 4 MiB registration limit", () => {
  test("a file over it gets the size, the limit and how many nodes of this shape fit; one at it none", async () => {
    const { rainbowLimitWarning, RAINBOW_MESSAGE_LIMIT } = await import("../../src/graph/rainbow_limit.ts");
    expect(rainbowLimitWarning("x", RAINBOW_MESSAGE_LIMIT - 1024, 1000)).toBeUndefined();
    const text = rainbowLimitWarning("red-subsystems/compat-arch.json", 8 * 1024 * 1024, 30_000)!;
    expect(text).toStartWith("red-subsystems/compat-arch.json is 8.0 MiB (8388608 bytes) for 30000 nodes");
    expect(text).toContain("registration limit of 4.0 MiB (4194304 bytes)");
    expect(text).toContain("about 14996 nodes of this shape fit");
  });
});
