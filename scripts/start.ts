/**
 * `npm start`: the seed's workflow on this very machine.
 *
 * 1. build dist/compspec if it is missing or older than the source;
 * 2. `compspec extract --out <tmp>/cluster/` (every extractor) — this node describes itself;
 * 3. `compspec create nodes` over that folder — the cluster graph rainbow receives;
 * 4. `compspec describe` — this node at a glance, as the binary prints it;
 * 5. print the graph's shape and where the files are.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { newestMtime } from "./newest_mtime.ts";
import { countOf } from "../src/util/plural.ts";

const repo = path.resolve(import.meta.dir, "..");
const binary = path.join(repo, "dist", "compspec");

function run(argv: string[], what: string): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], cwd: repo });
  if (r.status !== 0) {
    console.error(`\n${what} failed (exit ${r.status}): ${argv.join(" ")}`);
    process.exit(r.status ?? 1);
  }
  return r.stdout;
}

const stale = !fs.existsSync(binary) ||
  fs.statSync(binary).mtimeMs < Math.max(newestMtime(path.join(repo, "src")), fs.statSync(path.join(repo, "package.json")).mtimeMs);
if (stale) {
  console.error("building dist/compspec …");
  run([process.execPath, path.join(repo, "build.ts")], "build");
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-start-"));
const clusterDir = path.join(work, "cluster");
fs.mkdirSync(clusterDir);
const graphFile = path.join(work, "cluster-graph.json");

console.error(`$ compspec extract --allow-fail --out ${clusterDir}/`);
const t0 = performance.now();
run([binary, "extract", "--allow-fail", "--out", clusterDir + "/"], "extract");
const t1 = performance.now();
console.error(`$ compspec create nodes --cluster-name local-cluster --node-dir ${clusterDir} --nodes-output ${graphFile}`);
run([binary, "create", "nodes", "--cluster-name", "local-cluster", "--node-dir", clusterDir, "--nodes-output", graphFile], "create nodes");
const t2 = performance.now();

const nodeFileName = fs.readdirSync(clusterDir).find((f) => f.endsWith(".json"))!;

// The node summary is the binary's own: `compspec describe` with no arguments describes this machine.
console.error("$ compspec describe");
const summary = run([binary, "describe"], "describe");

const graph = JSON.parse(fs.readFileSync(graphFile, "utf8"));
const vertices: { metadata: { type: string } }[] = Array.isArray(graph.graph.nodes)
  ? graph.graph.nodes
  : Object.values(graph.graph.nodes);
const byType = new Map<string, number>();
for (const v of vertices) byType.set(v.metadata.type, (byType.get(v.metadata.type) ?? 0) + 1);

const lines = [
  "",
  summary.trimEnd(),
  "",
  `graph     ${countOf(vertices.length, "vertex", "vertices")} (${[...byType].map(([t, n]) => countOf(n, t, t === "memory" ? "memory" : `${t}s`)).join(", ")}), ${countOf(graph.graph.edges.length, "edge")}`,
  `timing    extract ${(t1 - t0).toFixed(0)} ms, create nodes ${(t2 - t1).toFixed(0)} ms (wall, including process start)`,
  "",
  `node file ${path.join(clusterDir, nodeFileName)}`,
  `graph     ${graphFile}`,
  "",
  "On a cluster: run 'compspec extract --out /shared/cluster/' on every node (srun, flux run, pdsh),",
  "then 'compspec create nodes --cluster-name NAME --node-dir /shared/cluster/' — see docs/deploy.md;",
  "'compspec describe --node-dir /shared/cluster/' shows the cluster at a glance (docs/describe.md).",
];
console.log(lines.join("\n"));
