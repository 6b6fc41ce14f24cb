/**
 * The read phase alone: `loadNodeDir` over a folder of node files, as every
 * command that reads node folders calls it (issue 13: `describe`, `check` and
 * `diff` within 2× of `create nodes`' read phase). Times, in one process, the
 * reader with `create nodes`' reducer (`nodeRecord`) and with a reducer that
 * keeps only the hostname (the reader's own cost: open, read, decode, JSON.parse,
 * validation); the first run is the one a command pays (cold JIT).
 *
 *   bun bench/read_phase.ts DIR [runs]
 *   bun bench/read_phase.ts --epyc N [runs]   (N copies of issue 13's EPYC node file; needs dist/compspec)
 *
 * Another command's reducer can be timed the same way: import it and add it to REDUCERS.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadNodeDir } from "../src/cli/node_dir.ts";
import type { NodeFileReducer } from "../src/node/read_node_file.ts";
import { nodeName } from "../src/node/record.ts";
import { checkNodeFile, parseArtifact, requirementsOf } from "../src/compat/mod.ts";
import { summarizeNodeFile } from "../src/describe/node_summary.ts";
import { nodeRecord } from "../src/node/record.ts";
import { epycNodeText, fillNodeDir } from "./lib.ts";
import { TEN_RULES } from "./ten_rules.ts";

const artifact = await parseArtifact(TEN_RULES, "ten-rules.yaml");
const req = requirementsOf(artifact);

const REDUCERS: Record<string, NodeFileReducer<{ hostname: string }>> = {
  "hostname only": (file, name) => ({ hostname: file.compspec?.hostname || name }),
  "create nodes (nodeRecord)": nodeRecord,
  "describe and diff (summarizeNodeFile)": summarizeNodeFile,
  "check, 10 NFD rules (checkNodeFile)": (file, name) => checkNodeFile(artifact, req, file, nodeName(file, name)),
};

const args = process.argv.slice(2);
let dir = args[0];
let work: string | undefined;
if (dir === "--epyc") {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-read-"));
  const n = Number(args[1]);
  const text = epycNodeText(path.resolve(import.meta.dir, "../dist/compspec"), path.join(work, "root"));
  dir = path.join(work, "nodes");
  fillNodeDir(dir, n, text, (i) => `epyc${String(i).padStart(6, "0")}`);
  args.splice(1, 1);
}
if (!dir) throw new Error("usage: bun bench/read_phase.ts DIR [runs] | --epyc N [runs]");
const runs = Number(args[1] ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [name, reduce] of Object.entries(REDUCERS)) {
  const ms: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    count = loadNodeDir(dir, reduce, { allowFail: false }).length;
    ms.push(performance.now() - t0);
  }
  console.log(`${name}: ${count} files, first ${ms[0]!.toFixed(0)} ms, median of ${runs} ${median(ms).toFixed(0)} ms`);
}
if (work) fs.rmSync(work, { recursive: true, force: true });
