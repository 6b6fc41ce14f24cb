/**
 * `compspec create subsystem`: rainbow subsystem graphs for a folder of node
 * files, one file per subsystem (`DIR/compat-arch.json` …), each edge into
 * the cluster from the key `create nodes --format rainbow` gives that node.
 * Every file is made before any is written; each is written atomically.
 *
 * @module
 */
import * as nodePath from "node:path";
import { clusterNameProblem } from "../graph/mod.ts";
import { SUBSYSTEM_END, subsystemEdgePieces, type SubsystemNodes, subsystemJgf, subsystemNodes, subsystemVertexPieces } from "../rainbow/subsystem_jgf.ts";
import { utf8Length } from "../util/utf8_length.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { type FileRecord, labelledNodeRecord, matchRankOrder } from "./create_nodes.ts";
import { loadNodeDir } from "./node_dir.ts";
import { FORCE_OPTION, forceOf } from "./force_option.ts";
import { AtomicFile, checkOutput, outIsDirectory, usageError, writeStdout } from "./output.ts";
import { warnIfOverRainbowLimit } from "./rainbow_limit.ts";
import { readRanksFrom } from "./ranks_from.ts";

/** `compspec create subsystem`, declared: options and help. */
export const CREATE_SUBSYSTEM = defineCommand({
  name: "create subsystem",
  options: {
    "cluster-name": { type: "string", value: "NAME", required: true, help: ["the cluster's name, as given to create nodes"] },
    "node-dir": { type: "string", value: "DIR", required: true, help: ["folder of node files"] },
    out: { type: "string", short: "o", value: "DIR2/", help: ["write every subsystem into folder DIR2 (created); with", "--subsystem, the one file (- or none: stdout)"] },
    subsystem: { type: "string", value: "NAME", help: ["only this subsystem: to --out FILE, or stdout"] },
    "ranks-from": { type: "string", value: "HOSTLIST|FILE", help: ["node order, as given to create nodes"] },
    pus: { type: "boolean", help: ["create nodes was given --pus (node keys depend on it)"] },
    ...FORCE_OPTION,
    "allow-fail": { type: "boolean", help: ["skip bad node files with a warning"] },
  },
  help: [
    `Usage: compspec create subsystem --cluster-name NAME --node-dir DIR
                                (--out DIR2/ | --subsystem NAME [-o|--out FILE|-])
                                [--ranks-from HOSTLIST|FILE] [--pus] [--force] [--allow-fail]`,
    `Write rainbow subsystem graphs (JGF) that carry each node's compatibility facts,
one file per subsystem, named after it (DIR2/compat-arch.json …), for
'rainbow register subsystem --subsystem NAME --nodes-json FILE'. Each node gets
one vertex in every subsystem, joined to the node's key in the graph of
'compspec create nodes --format rainbow' over the same folder (give the same
--ranks-from and --pus as there). A jobspec from 'compspec create jobspec'
asks for these facts. See docs/rainbow.md.`,
    `Subsystems (fields in compspec's vocabulary; values are YAML plain scalars):
  compat-arch     io.archspec.cpu.target, and io.archspec.cpu.target.<name> =
                  present for the target and every ancestor
  compat-cpu      io.archspec.cpu.vendor, io.archspec.cpu.model
  compat-gpu      org.supercontainers.hardware.gpu.vendor, .model, .model.short
                  (h100), .count, .count.<short model>
  compat-os       org.supercontainers.os.vendor (NFD's osrelease ID), .version
                  (MAJOR.MINOR.PATCH: 24.04 is 24.4.0), .version.<vendor>
  compat-kernel   org.supercontainers.kernel.version (MAJOR.MINOR.PATCH)
  compat-mpi      org.supercontainers.mpi.implementation, .version, .version.<impl>
  compat-nfd-<source>-<set>-<element>
                  one per NFD feature element a node has (the sets --labels
                  carries, no instances): nfd.<source>.<set>.<element> = present,
                  and for attributes .value (a value that is no plain scalar gets
                  "value-" before it: value-6) and .version (MAJOR.MINOR.PATCH)`,
    { title: "Options", options: ["cluster-name", "node-dir", "out", "subsystem", "ranks-from", "pus", "force", "allow-fail", "help"], column: 28 },
    `rainbow refuses a registration over 4 MiB: a larger file gets a warning.`,
    `Examples:
  compspec create nodes --cluster-name red --node-dir /shared/cluster/ --compact --out red.json
  compspec create subsystem --cluster-name red --node-dir /shared/cluster/ --out red-subsystems/
  for f in red-subsystems/*.json; do
    rainbow register subsystem --subsystem "$(basename "$f" .json)" --nodes-json "$f" --cluster-name red …
  done`,
  ],
});

/** Run `compspec create subsystem`. */
export async function createSubsystemCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(CREATE_SUBSYSTEM, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const cluster = values["cluster-name"];
  const dir = values["node-dir"];
  const see = " (see 'compspec create subsystem --help')";
  const problem = clusterNameProblem(cluster);
  if (problem) throw usageError(`create subsystem: --cluster-name ${JSON.stringify(cluster)} cannot be used: ${problem}`);
  const only = values.subsystem;
  const out = values.out;
  if (only === undefined && (out === undefined || out === "-")) {
    throw usageError(`create subsystem: give --out DIR2/ for every subsystem, or --subsystem NAME for one on stdout${see}`);
  }
  const force = forceOf(values);
  const allowFail = values["allow-fail"] ?? false;
  const rankOrder = values["ranks-from"] === undefined ? undefined : readRanksFrom(values["ranks-from"]);
  // One subsystem to a file or stdout; else a folder. Refuse to overwrite before the read.
  const toStdout = only !== undefined && (out === undefined || out === "-");
  if (only !== undefined && !toStdout) checkOutput(out!, { force, option: "--out" });
  if (only === undefined && out!.endsWith(".json")) {
    throw usageError(`create subsystem: --out ${out} must be a folder (one file per subsystem); use --subsystem NAME for one file`);
  }

  const read = loadNodeDir(dir, (file, name): FileRecord => Object.assign(labelledNodeRecord(file, name), { file: nodePath.join(dir, `${name}.json`) }), {
    allowFail,
  });
  const good = rankOrder === undefined ? read : matchRankOrder(read, rankOrder, dir, allowFail);
  const nodes: SubsystemNodes = subsystemNodes(cluster, good, { pus: values.pus ?? false, rankOrder });
  const names = only === undefined ? nodes.names : [only];
  if (only !== undefined && !nodes.names.includes(only)) {
    throw usageError(`create subsystem: no node of ${dir} has subsystem ${JSON.stringify(only)}; these do: ${nodes.names.join(", ")}`);
  }

  if (toStdout) {
    const text = subsystemJgf(cluster, only!, nodes);
    warnIfOverRainbowLimit(utf8Length(text), nodes.keys.length, `subsystem ${only}`);
    writeStdout(text);
    return 0;
  }
  const folder = only === undefined ? out! : nodePath.dirname(out!);
  if (only === undefined) {
    // Every target checked before any file is made: nothing half-written.
    outIsDirectory(folder.endsWith("/") ? folder : `${folder}/`, true);
    for (const name of names) checkOutput(nodePath.join(folder, `${name}.json`), { force, option: "--out" });
  }
  const files: AtomicFile[] = [];
  const encoder = new TextEncoder();
  // The edges are the same in every subsystem: encoded once.
  const edges = [...subsystemEdgePieces(nodes)].map((piece) => encoder.encode(piece));
  const end = encoder.encode(SUBSYSTEM_END);
  try {
    for (const name of names) {
      const path = only === undefined ? nodePath.join(folder, `${name}.json`) : out!;
      const file = new AtomicFile(path, { force });
      files.push(file);
      // Written piece by piece as it is made: 75 files of 10,000 nodes are never held whole.
      let bytes = 0;
      const put = (piece: Uint8Array) => {
        file.write(piece);
        bytes += piece.length;
      };
      for (const piece of subsystemVertexPieces(cluster, name, nodes)) put(encoder.encode(piece));
      for (const piece of edges) put(piece);
      put(end);
      warnIfOverRainbowLimit(bytes, nodes.keys.length, path);
    }
  } catch (e) {
    for (const f of files) f.abort();
    throw e;
  }
  // Made durable together: one fsync after another would wait once per subsystem.
  await AtomicFile.commitAll(files);
  return 0;
}
