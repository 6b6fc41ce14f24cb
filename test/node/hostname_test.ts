/**
 * #21 item 10: host names reach Slurm (`NodeName=…`) and Flux (`hosts = "…"`)
 * configs, node file names and graph labels, so only RFC 1123 host names are
 * accepted wherever one enters (extract, node files, graphs); any other is
 * refused with the file named. Before, `n2 Weight=1 State=DRAIN #`, `a,b` and
 * `x[0-999]` went into `describe --format slurm` raw.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { hostnameProblem } from "../../src/node/hostname.ts";
import { VERSION } from "../../src/util/version.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "../util/fixtures.ts";

const scratchDir = tempDirsForFile();

const HOSTILE = ["n2 Weight=1 State=DRAIN #", "a,b", "x[0-999]", "n1\u001b[2J", "-n1", "n1-", "a..b", "é1", "n1.", `${"a".repeat(64)}.x`];

describe("hostnameProblem: RFC 1123 host names only", () => {
  test("ordinary names pass", async () => {
    for (const ok of ["n1", "node-17", "NODE17", "c1.cluster.example.org", "0", "a".repeat(63), "1-2-3"]) {
      expect(hostnameProblem(ok)).toBeUndefined();
    }
  });
  test("names that mean something to Slurm, Flux, shells or terminals are refused, saying why", async () => {
    for (const bad of HOSTILE) expect(hostnameProblem(bad)).toBeString();
    expect(hostnameProblem("a,b")).toBe(`it contains "," (a host name has only letters, digits, '-', '_' and '.', RFC 1123)`);
    expect(hostnameProblem("n1-")).toBe(`its part "n1-" starts or ends with '-'`);
    expect(hostnameProblem("a..b")).toBe("it has an empty part between dots");
  });
  test("every node file and graph in fixtures/ still has a valid host name", async () => {
    const names: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".json")) {
          const j = JSON.parse(fs.readFileSync(p, "utf8"));
          const h = j?.compspec?.hostname;
          if (typeof h === "string" && h !== "") names.push(h);
          else if (j?.results) names.push(e.name.replace(/\.json$/, ""));
        }
      }
    };
    walk(path.join(FIXTURES, "nodes"));
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n) => hostnameProblem(n) !== undefined)).toEqual([]);
  });
});

/** A node folder: a copy of fixtures/nodes/rainbow-red with node1's hostname replaced by `name`. */
function nodeDir(name: string): { dir: string; file: string } {
  const dir = scratchDir("compspec-hostname-");
  const src = path.join(FIXTURES, "nodes", "rainbow-red");
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const file = path.join(dir, "node1.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  json.compspec = { version: VERSION, ...(json.compspec ?? {}), hostname: name };
  fs.writeFileSync(file, JSON.stringify(json));
  return { dir, file };
}

describe("hostile host names never reach Slurm or Flux configs", () => {
  for (const name of ["n2 Weight=1 State=DRAIN #", "a,b", "x[0-999]"]) {
    test(`describe --format slurm/flux with a node file named ${JSON.stringify(name)}: refused, the file named`, async () => {
      const { dir, file } = nodeDir(name);
      for (const format of ["slurm", "flux"]) {
        const r = await runInProcess(["describe", "--node-dir", dir, "--format", format]);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain(file);
        expect(r.stderr).toContain(`hostname ${JSON.stringify(name)} cannot`);
      }
    });
  }

  test("create nodes refuses it too; a graph whose node vertex has such a name is refused by describe --graph", async () => {
    const { dir } = nodeDir("a,b");
    const c = await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", dir]);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`hostname "a,b" cannot name a graph vertex`);

    const good = nodeDir("n9");
    const g = await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", good.dir]);
    expect(g.status).toBe(0);
    const graph = path.join(good.dir, "graph.json");
    fs.writeFileSync(graph, g.stdout.replace(/"name": ?"n9"/g, '"name":"x[0-999]"'));
    const r = await runInProcess(["describe", "--graph", graph, "--format", "slurm"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--graph ${graph}: node vertex`);
    expect(r.stderr).toContain(`hostname "x[0-999]" cannot be used`);
  });

  test("extract refuses a machine whose own hostname is no host name, unless --hostname names it", async () => {
    const root = scratchDir("compspec-hostname-root-");
    fs.mkdirSync(path.join(root, "etc"));
    fs.mkdirSync(path.join(root, "proc", "sys", "kernel"), { recursive: true });
    fs.writeFileSync(path.join(root, "etc", "hostname"), "a,b\n");
    fs.writeFileSync(path.join(root, "proc", "sys", "kernel", "hostname"), "a,b\n");
    const r = await runInProcess(["extract", "--root", root, "--name", "system[os]", "-f"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`hostname "a,b" cannot be used`);
    expect(r.stderr).toContain("pass --hostname NAME");
    expect(r.stdout).toBe("");
    const ok = await runInProcess(["extract", "--root", root, "--name", "system[os]", "-f", "--hostname", "n1"]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).compspec.hostname).toBe("n1");
  });
});
