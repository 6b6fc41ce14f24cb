import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { listNodeFiles, NodeDirError, readNodeFiles } from "../../src/node/read_node_dir.ts";
import { nodeRecord } from "../../src/node/record.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const RED = path.join(FIXTURES, "nodes", "rainbow-red");

function copyRed(): string {
  const dir = tempDir();
  for (const f of fs.readdirSync(RED)) fs.copyFileSync(path.join(RED, f), path.join(dir, f));
  return dir;
}

describe("listNodeFiles", () => {
  test("*.json in name order, hidden and temporary files skipped, exclusions resolved", async () => {
    const dir = copyRed();
    fs.writeFileSync(path.join(dir, ".node9.json.1.tmp"), "x");
    fs.writeFileSync(path.join(dir, "notes.txt"), "x");
    expect(listNodeFiles(dir).map((p) => path.basename(p))).toEqual(["node0.json", "node1.json", "node2.json"]);
    // The exclusion names the same file another way (relative, through "..").
    const other = path.join(dir, "..", path.basename(dir), "node1.json");
    expect(listNodeFiles(dir, [other]).map((p) => path.basename(p))).toEqual(["node0.json", "node2.json"]);
  });
  test("missing folder, a file, and an empty folder are errors", async () => {
    expect(() => listNodeFiles("/nonexistent/x")).toThrow(NodeDirError);
    expect(() => listNodeFiles(path.join(RED, "node0.json"))).toThrow(/not a directory/);
    expect(() => listNodeFiles(tempDir())).toThrow(/no node files/);
  });
});

describe("readNodeFiles", () => {
  test("a graph in the folder is named as a graph; duplicate hostnames are both bad", async () => {
    const dir = copyRed();
    fs.writeFileSync(path.join(dir, "cluster.json"), JSON.stringify({ graph: { nodes: {}, edges: [] } }));
    // Its file name differs, its hostname is node1's.
    const copy = JSON.parse(fs.readFileSync(path.join(dir, "node1.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "node1-copy.json"), JSON.stringify({ ...copy, compspec: { version: "0.1.0", hostname: "node1" } }));
    const { good, bad } = readNodeFiles(listNodeFiles(dir), nodeRecord);
    expect(good.map((g) => path.basename(g.file))).toEqual(["node0.json", "node2.json"]);
    expect(bad.map((b) => [path.basename(b.file), b.message.slice(0, 40)])).toEqual([
      ["cluster.json", "is a JGF cluster graph (the output of 'c"],
      ["node1-copy.json", "hostname \"node1\" is also the hostname in"],
      ["node1.json", "hostname \"node1\" is also the hostname in"],
    ]);
  });
});

describe("create nodes with its output inside --node-dir", () => {
  test("a second run does not read the first run's graph back", async () => {
    const dir = copyRed();
    const out = path.join(dir, "cluster.json");
    const args = ["create", "nodes", "--cluster-name", "red", "--node-dir", dir, "--nodes-output", out];
    expect((await runInProcess(args)).status).toBe(0);
    const first = fs.readFileSync(out, "utf8");
    const again = await runInProcess([...args, "--force"]);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(first);
    // Any other graph in the folder is a bad file, named as what it is.
    fs.copyFileSync(out, path.join(dir, "old-cluster.json"));
    const r = await runInProcess([...args, "--force"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("old-cluster.json: is a JGF cluster graph");
  });

  test("an output that is a link to a file in the folder: neither the link nor its target is read", async () => {
    const dir = copyRed();
    fs.writeFileSync(path.join(dir, "graph-v1.json"), "{}");
    fs.symlinkSync("graph-v1.json", path.join(dir, "current.json"));
    const args = ["create", "nodes", "--cluster-name", "red", "--node-dir", dir, "--out", path.join(dir, "current.json"), "--force"];
    const r = await runInProcess(args);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.lstatSync(path.join(dir, "current.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "graph-v1.json"), "utf8")).graph).toBeDefined();
    expect((await runInProcess(args)).status).toBe(0); // and again, over its own graph
  });
});
