/**
 * `npm start`: the seed's workflow on this very machine.
 *
 * 1. build dist/compspec if it is missing or older than the source;
 * 2. `compspec extract --out <tmp>/cluster/` (every extractor) — this node describes itself;
 * 3. `compspec create nodes` over that folder — the cluster graph rainbow receives;
 * 4. print what a user needs to see: the node's facts, the graph's shape, where the files are.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { newestMtime } from "./newest_mtime.ts";

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
const node = JSON.parse(fs.readFileSync(path.join(clusterDir, nodeFileName), "utf8"));
const sec = (ex: string, s: string): Record<string, string> => node.results?.[ex]?.sections?.[s] ?? {};
const cpu = sec("system", "cpu");
const mem = sec("system", "memory");
const arch = sec("system", "arch");
const osInfo = sec("system", "os");
const gpu = sec("system", "gpu");
const mpi = sec("library", "mpi");

const graph = JSON.parse(fs.readFileSync(graphFile, "utf8"));
const vertices: { metadata: { type: string } }[] = Array.isArray(graph.graph.nodes)
  ? graph.graph.nodes
  : Object.values(graph.graph.nodes);
const byType = new Map<string, number>();
for (const v of vertices) byType.set(v.metadata.type, (byType.get(v.metadata.type) ?? 0) + 1);

const gpuCount = Number(gpu.count ?? 0);
const gpus = Array.from({ length: gpuCount }, (_, i) => gpu[`${i}.model`] ?? gpu[`${i}.device_id`] ?? "?");
const memTotal = mem.memtotal ? `${(parseInt(mem.memtotal) / 1024 / 1024).toFixed(1)} GiB` : "?";

const lines = [
  "",
  `node ${node.compspec?.hostname ?? nodeFileName}`,
  `  cpu       ${cpu.model ?? "?"} (${cpu.vendor ?? "?"})`,
  `  layout    ${cpu.sockets ?? "?"} socket(s), ${cpu.cores ?? "?"} cores, ${cpu.cpus ?? "?"} hardware threads, ${cpu.numa_nodes ?? "?"} NUMA node(s)`,
  `  arch      ${arch.arch ?? "?"}${arch.target ? `, archspec target ${arch.target} (generic ${arch["target.generic"]})` : ""}`,
  `  memory    ${memTotal}`,
  `  gpus      ${gpuCount ? `${gpuCount}: ${gpus.join(", ")}` : "none"}`,
  `  os        ${osInfo.name ?? "?"} ${osInfo.version ?? ""}`.trimEnd(),
  `  mpi       ${mpi.variant ? `${mpi.variant} ${mpi.version ?? ""}` : "none found"}`,
  "",
  `graph     ${vertices.length} vertices (${[...byType].map(([t, n]) => `${n} ${t}`).join(", ")}), ${graph.graph.edges.length} edges`,
  `timing    extract ${(t1 - t0).toFixed(0)} ms, create nodes ${(t2 - t1).toFixed(0)} ms (wall, including process start)`,
  "",
  `node file ${path.join(clusterDir, nodeFileName)}`,
  `graph     ${graphFile}`,
  "",
  "On a cluster: run 'compspec extract --out /shared/cluster/' on every node (srun, flux run, pdsh),",
  "then 'compspec create nodes --cluster-name NAME --node-dir /shared/cluster/' — see docs/deploy.md.",
];
console.log(lines.join("\n"));
