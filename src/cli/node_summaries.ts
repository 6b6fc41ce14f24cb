/**
 * Where `describe` and `diff` get their nodes: a folder of node files (through
 * the shared folder reader), one node file, a cluster graph (through the shared
 * graph reader), or this machine (extracted in-process, then read exactly like
 * a node file). Errors name the file and the problem, as `create nodes` does.
 *
 * @module
 */
import * as fs from "node:fs";
import { type NodeSummary, summarizeNodeFile, summarizeRecord } from "../describe/node_summary.ts";
import { openHost } from "../host/open_host.ts";
import { MAX_NODE_FILE_BYTES, NodeFileError, ReadBuffer, readNodeFile } from "../node/read_node_file.ts";
import { NodeRecordError } from "../node/record.ts";
import { loadGraphFile } from "./graph_file.ts";
import { loadNodeDir } from "./node_dir.ts";
import { CliError } from "./output.ts";
import { errorCode, errorMessage, systemErrorText } from "../util/errors.ts";

/** What the extractors run for `describe` of this machine: the sections the summary reads. */
export const THIS_MACHINE_SELECTION: readonly string[] = ["system", "library", "nfd[kernel,system]"];

/** Nodes read from one place, and how to name that place in output. */
export interface LoadedNodes {
  nodes: NodeSummary[];
  /** `node folder /shared/cluster`, `graph cluster.json`, `this machine` … */
  source: string;
}

/** The nodes of every cluster of a graph file (hostnames must be unique across them). */
export function summariesFromGraph(path: string, option = "--graph"): LoadedNodes {
  let clusters;
  try {
    clusters = loadGraphFile(path);
  } catch (e) {
    // loadGraphFile names its option `--graph`; name the argument the user gave.
    if (e instanceof CliError && option !== "--graph") throw new CliError(e.message.replace(/^--graph /, `${option} `), e.exitCode);
    throw e;
  }
  const nodes: NodeSummary[] = [];
  const seen = new Set<string>();
  for (const c of clusters) {
    for (const r of c.nodes) {
      if (seen.has(r.hostname)) throw new CliError(`${option} ${path}: two nodes are named ${JSON.stringify(r.hostname)}`);
      seen.add(r.hostname);
      nodes.push(summarizeRecord(r, { cpuIds: !c.synthesizedPus }));
    }
  }
  if (nodes.length === 0) throw new CliError(`${option} ${path}: the graph has no node vertices`);
  const names = clusters.map((c) => c.name).join(", ");
  return { nodes, source: `graph ${path}, cluster ${names}` };
}

/** The nodes of a folder of node files (`--allow-fail` skips bad ones with a warning). */
export function summariesFromDir(dir: string, allowFail: boolean, option = "--node-dir"): LoadedNodes {
  const nodes = loadNodeDir(dir, summarizeNodeFile, { allowFail, option });
  return { nodes, source: `${nodes.length === 1 ? "1 node file" : `${nodes.length} node files`} in ${dir}` };
}

/**
 * The nodes at `path`, whatever it is: a folder of node files, one node file,
 * or a graph file (told apart by content).
 */
export function summariesFromPath(path: string, allowFail: boolean, option: string): LoadedNodes {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    const code = errorCode(e);
    throw new CliError(`${option} ${path}: ${code === "ENOENT" ? systemErrorText(e) : errorMessage(e)}`);
  }
  if (st.isDirectory()) return summariesFromDir(path, allowFail, option);
  // A graph is bigger than any node file can be; smaller files are tried as node files first.
  if (st.size > MAX_NODE_FILE_BYTES) return summariesFromGraph(path, option);
  try {
    const node = readNodeFile(path, new ReadBuffer(), MAX_NODE_FILE_BYTES, summarizeNodeFile);
    return { nodes: [node], source: `node file ${path}` };
  } catch (e) {
    if (!(e instanceof NodeFileError)) throw e;
    // The shared reader recognises a graph and says so; read it as one.
    if (e.message.startsWith("is a JGF cluster graph")) return summariesFromGraph(path, option);
    throw new CliError(`${option} ${path}: ${e.message}`);
  }
}

/**
 * This machine (or a saved root / snapshot), extracted in-process with the
 * sections the summary reads, then summarized exactly like a node file.
 * Sections that cannot be read are left out; their messages are returned.
 */
export async function summaryOfThisMachine(root: string | undefined): Promise<LoadedNodes & { warnings: string[] }> {
  // Loaded here: the extractors are only needed to describe a machine, not to read files.
  const { buildNodeFile } = await import("./extract.ts");
  let host;
  try {
    host = await openHost(root);
  } catch (e) {
    throw new CliError(errorMessage(e));
  }
  const { file, warnings } = buildNodeFile(host, { names: [...THIS_MACHINE_SELECTION], allowFail: true });
  try {
    return { nodes: [summarizeNodeFile(file, "localhost")], source: root === undefined ? "this machine" : `--root ${root}`, warnings };
  } catch (e) {
    if (e instanceof NodeRecordError) throw new CliError(`cannot describe ${host.description}: ${e.message}`);
    throw e;
  }
}
