import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { clusterState, DERIVED_STATE_KEYS } from "../../src/graph/rainbow_state.ts";
import type { NodeRecord } from "../../src/node/record.ts";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "../util/fixtures.ts";

const RED = path.join(FIXTURES, "nodes/rainbow-red");
const REAL = path.join(FIXTURES, "nodes/realistic");
const scratchDir = tempDirsForFile();

function state(...args: string[]) {
  return runInProcess(["create", "state", ...args]);
}

/** A record with `cores` cores on one socket, `gpus` GPUs and `gib` GiB. */
function rec(hostname: string, cores: number, gpus: number, gib?: number): NodeRecord {
  return {
    hostname,
    sockets: [Array.from({ length: cores }, (_, c) => [c])],
    memory: [],
    gpus: Array.from({ length: gpus }, (_, index) => ({ index, socket: -1, attributes: {} })),
    attributes: gib === undefined ? {} : { "org.supercontainers.hardware.memory.total": String(gib) },
  };
}

describe("clusterState", () => {
  test("a mixed cluster: per node the smallest node's cores, GPUs and memory; totals; site values last, replacing", async () => {
    const s = clusterState([rec("a", 48, 0, 256), rec("b", 96, 4, 512), rec("c", 64, 2, 128)], [["cost_per_node_hour", 3], ["nodes", 2]]);
    expect(s).toEqual({
      nodes: 2,
      cores_per_node: 48,
      gpus_per_node: 0,
      memory_per_node: 128,
      total_cores: 208,
      total_gpus: 6,
      total_memory: 896,
      cost_per_node_hour: 3,
    });
    expect(Object.keys(clusterState([rec("a", 1, 0, 4)]))).toEqual([...DERIVED_STATE_KEYS]);
  });

  test("a node of unknown memory leaves the memory keys out (0 would say it has none)", () => {
    const s = clusterState([rec("a", 2, 0), rec("b", 2, 0, 64)]);
    expect(s).not.toHaveProperty("memory_per_node");
    expect(s).not.toHaveProperty("total_memory");
    expect(s.cores_per_node).toBe(2);
  });
});

describe("compspec create state", () => {
  test("rainbow's example keys from the node files, site values as JSON numbers, in --set order", async () => {
    const r = await state("--node-dir", RED, "--set", "cost_per_node_hour=3", "--set", "nodes_free=20", "--set", "seconds_per_gb=0.4");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`{
  "nodes": 3,
  "cores_per_node": 12,
  "gpus_per_node": 0,
  "memory_per_node": 23,
  "total_cores": 36,
  "total_gpus": 0,
  "total_memory": 69,
  "cost_per_node_hour": 3,
  "nodes_free": 20,
  "seconds_per_gb": 0.4
}
`);
  });

  test("a mixed folder takes the minimum per node", async () => {
    const d = scratchDir("compspec-state-");
    fs.copyFileSync(path.join(RED, "node0.json"), path.join(d, "small.json"));
    fs.copyFileSync(path.join(REAL, "gpu17.json"), path.join(d, "gpu17.json"));
    const s = JSON.parse((await state("--node-dir", d)).stdout);
    const real = JSON.parse((await state("--node-dir", REAL)).stdout);
    expect(s.nodes).toBe(2);
    expect(s.cores_per_node).toBe(12);
    expect(s.gpus_per_node).toBe(0);
    expect(s.memory_per_node).toBe(23);
    expect(s.total_cores).toBe(12 + real.cores_per_node);
    expect(s.total_gpus).toBe(real.gpus_per_node);
  });

  test("--out writes the file; an existing one needs --force", async () => {
    const d = scratchDir("compspec-state-out-");
    const out = path.join(d, "state.json");
    expect((await state("--node-dir", RED, "--out", out)).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).nodes).toBe(3);
    const again = await state("--node-dir", RED, "--out", out, "--set", "a=1");
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain("already exists (use --force");
    expect((await state("--node-dir", RED, "--out", out, "--set", "a=1", "--force")).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).a).toBe(1);
  });

  test("a bad --set is a usage error naming it (exit 2), nothing written", async () => {
    const d = scratchDir("compspec-state-bad-");
    const out = path.join(d, "state.json");
    const cases: [string, string][] = [
      ["cost=cheap", `--set "cost=cheap": the value must be a number`],
      ["cost=", `--set "cost=": the value must be a number`],
      ["cost=NaN", "the value must be a number"],
      ["cost=0x10", "the value must be a number"],
      ["cost=1e999", `--set "cost=1e999": the value must be a finite number`],
      ["cost", `--set "cost": expected KEY=VALUE`],
      ["9lives=1", `--set "9lives=1": a key must be an identifier`],
      ["nodes-free=1", "a key must be an identifier"],
      ["=1", "a key must be an identifier"],
    ];
    for (const [set, message] of cases) {
      const r = await state("--node-dir", RED, "--set", set, "--out", out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const twice = await state("--node-dir", RED, "--set", "a=1", "--set", "a=2", "--out", out);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain("--set a is given twice");
    expect(fs.readdirSync(d)).toEqual([]);
  });

  test("a folder with a bad node file fails naming it, nothing written; --node-dir is required", async () => {
    const d = scratchDir("compspec-state-badnode-");
    fs.copyFileSync(path.join(RED, "node0.json"), path.join(d, "good.json"));
    fs.writeFileSync(path.join(d, "bad.json"), "{not json");
    const out = path.join(scratchDir("compspec-state-o-"), "s.json");
    const r = await state("--node-dir", d, "--out", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad.json");
    expect(fs.existsSync(out)).toBe(false);
    expect(JSON.parse((await state("--node-dir", d, "--allow-fail")).stdout).nodes).toBe(1);
    const none = await state();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("--node-dir DIR is required");
  });
});
