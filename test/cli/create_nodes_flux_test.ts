/**
 * `create nodes` for a Flux instance: `--format flux-r`, `--ranks-from`,
 * `--sockets` (issue 15), run as the real CLI.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { expandHostlist } from "../../src/util/hostlist.ts";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "../util/fixtures.ts";

const realText = fs.readFileSync(path.join(FIXTURES, "nodes/realistic/gpu17.json"), "utf8");
const scratchDir = tempDirsForFile();

/** A folder with a realistic node file for each host. */
function cluster(hosts: string[]): string {
  const d = scratchDir("compspec-flux-");
  for (const h of hosts) {
    const f = JSON.parse(realText);
    f.compspec.hostname = h;
    fs.writeFileSync(path.join(d, `${h}.json`), JSON.stringify(f));
  }
  return d;
}

function create(dir: string, ...extra: string[]) {
  return runInProcess(["create", "nodes", "--cluster-name", "red", "--node-dir", dir, ...extra]);
}

/** hostname → rank, from an R's scheduling graph, checked against its nodelist and R_lite. */
function ranksOf(rText: string): Record<string, number> {
  const r = JSON.parse(rText);
  const nodes = r.scheduling.graph.nodes.filter((v: { metadata: { type: string } }) => v.metadata.type === "node");
  const out: Record<string, number> = {};
  for (const n of nodes) out[n.metadata.name] = n.metadata.rank;
  const byRank = Object.entries(out).sort((a, b) => a[1] - b[1]).map(([h]) => h);
  expect(expandHostlist(r.execution.nodelist.join(","))).toEqual(byRank);
  return out;
}

describe("create nodes --format flux-r", () => {
  test("writes one R: ranks in natural hostname order by default", async () => {
    const d = cluster(["n10", "n2", "n1"]);
    const r = await create(d, "--format", "flux-r");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(ranksOf(r.stdout)).toEqual({ n1: 0, n2: 1, n10: 2 });
    expect(JSON.parse(r.stdout).execution.R_lite).toEqual([{ rank: "0-2", children: { core: "0-63", gpu: "0-3" } }]);
  });

  test("--ranks-from HOSTLIST: ranks are positions in the broker order", async () => {
    const d = cluster(["n10", "n2", "n1"]);
    const r = await create(d, "--format", "flux-r", "--ranks-from", "n10,n[1-2]");
    expect(r.status, r.stderr).toBe(0);
    expect(ranksOf(r.stdout)).toEqual({ n10: 0, n1: 1, n2: 2 });
  });

  test("--ranks-from FILE: hostlists on lines, # comments (e.g. flux getattr hostlist > FILE)", async () => {
    const d = cluster(["n10", "n2", "n1"]);
    const file = path.join(d, "hosts.txt");
    fs.writeFileSync(file, "# brokers of the instance\nn2\nn[10,1]  # the rest\n");
    const r = await create(d, "--format", "fluxion", "--ranks-from", file);
    expect(r.status, r.stderr).toBe(0);
    const nodes = JSON.parse(r.stdout).graph.nodes.filter((v: { metadata: { type: string } }) => v.metadata.type === "node");
    expect(nodes.map((n: { metadata: { name: string; rank: number } }) => [n.metadata.name, n.metadata.rank])).toEqual([
      ["n2", 0],
      ["n10", 1],
      ["n1", 2],
    ]);
  });

  test("a listed host without a node file, and a node file not listed, are each named; nothing is written", async () => {
    const d = cluster(["n1", "n2", "n9"]);
    const out = path.join(d, "R.json");
    const r = await create(d, "--format", "flux-r", "--ranks-from", "n[1-3]", "--nodes-output", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("host n3 has no node file");
    expect(r.stderr).toContain(`${path.join(d, "n9.json")}: host n9 is not in --ranks-from`);
    expect(r.stderr).toContain("nothing written (use --allow-fail");
    expect(fs.existsSync(out)).toBe(false);
  });

  test("--allow-fail: each mismatch is a warning; the missing host's rank stays unused, the unlisted file is skipped", async () => {
    const d = cluster(["n1", "n2", "n9"]);
    const r = await create(d, "--format", "flux-r", "--ranks-from", "n[1-3]", "--allow-fail");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning");
    expect(r.stderr).toContain("host n3 has no node file");
    expect(r.stderr).toContain("host n9 is not in --ranks-from");
    expect(ranksOf(r.stdout)).toEqual({ n1: 0, n2: 1 });
  });

  test("a bad or repeating --ranks-from is a usage error (exit 2)", async () => {
    const d = cluster(["n1"]);
    for (const bad of ["n[1-", "n1,n1", "n[3-1]", " "]) {
      const r = await create(d, "--format", "flux-r", "--ranks-from", bad);
      expect([bad, r.status]).toEqual([bad, 2]);
      expect(r.stderr).toContain("--ranks-from");
    }
  });

  test("a hostname a hostlist cannot hold is named; exit 1", async () => {
    const d = cluster(["sp ace"]);
    const r = await create(d, "--format", "flux-r");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"sp ace"');
    expect(r.stdout).toBe("");
  });

  test("--sockets keeps the socket level in fluxion; without it there is none; rainbow always has it", async () => {
    const d = cluster(["n1"]);
    const types = (text: string) => {
      const g = JSON.parse(text).graph;
      return new Set((Array.isArray(g.nodes) ? g.nodes : Object.values(g.nodes)).map((v: { metadata: { type: string } }) => v.metadata.type));
    };
    expect(types((await create(d, "--format", "fluxion")).stdout).has("socket")).toBe(false);
    expect(types((await create(d, "--format", "fluxion", "--sockets")).stdout).has("socket")).toBe(true);
    expect(types((await create(d)).stdout).has("socket")).toBe(true);
  });

  test("--help names the format and the options", async () => {
    const r = await runInProcess(["create", "nodes", "--help"]);
    for (const s of ["flux-r", "--ranks-from HOSTLIST|FILE", "--sockets", "natural hostname order"]) expect(r.stdout).toContain(s);
  });
});
