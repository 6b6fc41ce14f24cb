/**
 * `compspec create nodes`: merge a folder of node files into one JGF cluster
 * graph (rainbow's or Fluxion's dialect). Files are read one at a time and
 * reduced to small records; the graph is written as it is built.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { nfdLabels } from "../compat/labels.ts";
import { clusterNameProblem, FORMATS, type GraphFormat, graphChunks } from "../graph/mod.ts";
import { nodeRecord } from "../node/record.ts";
import { parseCommandArgs } from "./args.ts";
import { loadNodeDir } from "./node_dir.ts";
import { AtomicFile, CliError, isDirectory, usageError, writeStdout } from "./output.ts";

/** Help text for `compspec create nodes`. */
export const CREATE_NODES_HELP = `Usage: compspec create nodes --cluster-name NAME --node-dir DIR [--nodes-output FILE]
                            [--format rainbow|fluxion] [--pus] [--labels] [--force] [--allow-fail]
                            [--pretty]

Merge a folder of node files (from 'compspec extract --out DIR/', or compspec-go's)
into one JGF cluster graph: cluster -> rack -> node -> socket -> core (-> pu),
with memory per NUMA node and GPUs under their socket, and the node's facts
(OS, MPI, CPU model and target, memory, GPUs …) as attributes.

Options:
      --cluster-name NAME   name of the cluster (root vertex)            (required)
      --node-dir DIR        folder of node files: every *.json, except hidden
                            and temporary files                           (required)
      --nodes-output FILE   write the graph to FILE atomically (default: stdout);
                            an existing FILE is an error unless --force
      --format FORMAT       rainbow (default): JGF v2 as rainbow reads it;
                            fluxion: flux-sched's JGF reader format
      --pus                 add a pu vertex per hardware thread under its core
      --labels              also put the node's NFD features that rules use on its
                            vertex, as nfd.<source>.<key> string attributes (so that
                            'compspec check --graph' and rainbow can select on them)
      --force               replace an existing --nodes-output FILE
      --allow-fail          skip bad node files with a warning instead of failing
      --pretty              indent the JSON (default: compact)
  -h, --help                this help

Examples:
  srun -N 512 compspec extract --out /shared/cluster/
  compspec create nodes --cluster-name cluster-red --node-dir /shared/cluster/ \\
      --nodes-output cluster-red.json
`;

/** Output sink: stdout or an atomic file, fed in batches of about 1 MiB. */
class Sink {
  #batch = "";
  constructor(readonly file: AtomicFile | undefined) {}

  write(text: string): void {
    this.#batch += text;
    if (this.#batch.length >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.#batch === "") return;
    if (this.file) this.file.write(this.#batch);
    else writeStdout(this.#batch);
    this.#batch = "";
  }
}

/** Run `compspec create nodes`. */
export function createNodesCommand(argv: string[]): number {
  const { values } = parseCommandArgs("create nodes", argv, {
    "cluster-name": { type: "string" },
    "node-dir": { type: "string" },
    "nodes-output": { type: "string" },
    format: { type: "string" },
    pus: { type: "boolean" },
    labels: { type: "boolean" },
    force: { type: "boolean" },
    "allow-fail": { type: "boolean" },
    pretty: { type: "boolean" },
  });
  if (values.help) {
    writeStdout(CREATE_NODES_HELP);
    return 0;
  }
  const cluster = values["cluster-name"];
  const dir = values["node-dir"];
  if (cluster === undefined) throw usageError("create nodes: --cluster-name NAME is required (see 'compspec create nodes --help')");
  if (dir === undefined) throw usageError("create nodes: --node-dir DIR is required (see 'compspec create nodes --help')");
  const problem = clusterNameProblem(cluster);
  if (problem) throw usageError(`create nodes: --cluster-name ${JSON.stringify(cluster)} cannot be used: ${problem}`);
  const format = (values.format ?? "rainbow") as GraphFormat;
  if (!FORMATS.includes(format)) {
    throw usageError(`create nodes: unknown --format ${JSON.stringify(values.format)}; valid: ${FORMATS.join(", ")}`);
  }
  const out = values["nodes-output"];
  const force = values.force ?? false;
  const allowFail = values["allow-fail"] ?? false;
  // Refuse to overwrite before the (possibly long) read, so the mistake shows at once.
  if (out !== undefined && !force && fs.existsSync(out)) {
    throw new CliError(`${out} already exists (use --force to replace it)`);
  }
  if (out !== undefined && !isDirectory(nodePath.dirname(out))) {
    throw new CliError(`--nodes-output ${out}: folder ${nodePath.dirname(out)} does not exist`);
  }

  // The graph may be written into the folder it is made from: never read it back as a node.
  const reduce: typeof nodeRecord = values.labels
    ? (file, name) => {
      const record = nodeRecord(file, name);
      return { ...record, attributes: { ...record.attributes, ...nfdLabels(file.results.nfd?.sections) } };
    }
    : nodeRecord;
  const good = loadNodeDir(dir, reduce, { allowFail, exclude: out === undefined ? [] : [out] });

  const file = out === undefined ? undefined : new AtomicFile(out);
  const sink = new Sink(file);
  try {
    for (const chunk of graphChunks(format, cluster, good, { pus: values.pus ?? false, pretty: values.pretty ?? false })) {
      sink.write(chunk);
    }
    sink.flush();
    if (file) {
      if (!force && fs.existsSync(file.path)) {
        throw new CliError(`${file.path} appeared while the graph was written (use --force to replace it)`);
      }
      file.commit();
    }
  } catch (e) {
    file?.abort();
    throw e;
  }
  return 0;
}
