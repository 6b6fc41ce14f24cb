/**
 * `compspec create nodes`: merge a folder of node files into one JGF cluster
 * graph (rainbow's or Fluxion's dialect). Files are read one at a time and
 * reduced to small records; the graph is written as it is built.
 *
 * @module
 */
import { clusterNameProblem, FORMATS, type GraphFormat, graphChunks } from "../graph/mod.ts";
import { nodeRecord } from "../node/record.ts";
import { parseCommandArgs } from "./args.ts";
import { loadNodeDir } from "./node_dir.ts";
import { AtomicFile, checkOutput, usageError, writeStdout } from "./output.ts";

/** Help text for `compspec create nodes`. */
export const CREATE_NODES_HELP = `Usage: compspec create nodes --cluster-name NAME --node-dir DIR [-o|--out|--nodes-output FILE]
                            [--format rainbow|fluxion] [--pus] [--force] [--allow-fail] [--pretty]

Merge a folder of node files (from 'compspec extract --out DIR/', or compspec-go's)
into one JGF cluster graph: cluster -> rack -> node -> socket -> core (-> pu),
with memory per NUMA node and GPUs under their socket, and the node's facts
(OS, MPI, CPU model and target, memory, GPUs …) as attributes.

Options:
      --cluster-name NAME   name of the cluster (root vertex)            (required)
      --node-dir DIR        folder of node files: every *.json, except hidden
                            and temporary files                           (required)
  -o, --out FILE            write the graph to FILE atomically (default: stdout);
                            an existing FILE is an error unless --force (a FIFO
                            or device is written in place)
      --nodes-output FILE   the same as --out (compspec-go's name)
      --format FORMAT       rainbow (default): JGF v2 as rainbow reads it;
                            fluxion: flux-sched's JGF reader format
      --pus                 add a pu vertex per hardware thread under its core
      --force               replace an existing output FILE
      --allow-fail          skip bad node files with a warning instead of failing
      --pretty              indent the JSON (default: compact)
  -h, --help                this help

Examples:
  srun -N 512 compspec extract --out /shared/cluster/
  compspec create nodes --cluster-name cluster-red --node-dir /shared/cluster/ \\
      --out cluster-red.json
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
    out: { type: "string", short: "o" },
    format: { type: "string" },
    pus: { type: "boolean" },
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
  // -o/--out as every other command; --nodes-output as compspec-go.
  if (values.out !== undefined && values["nodes-output"] !== undefined) {
    throw usageError("create nodes: give the output once: --out or --nodes-output, not both");
  }
  const out = values.out ?? values["nodes-output"];
  const force = values.force ?? false;
  const allowFail = values["allow-fail"] ?? false;
  // Refuse to overwrite before the (possibly long) read, so the mistake shows at once.
  const target = out === undefined
    ? undefined
    : checkOutput(out, { force, option: values.out !== undefined ? "--out" : "--nodes-output" });

  // The graph may be written into the folder it is made from: never read it back as a node.
  // (Nor a link's target that the graph will be written to.)
  const good = loadNodeDir(dir, nodeRecord, { allowFail, exclude: target === undefined ? [] : [out!, target.path] });

  const file = out === undefined ? undefined : new AtomicFile(out, { force });
  const sink = new Sink(file);
  try {
    for (const chunk of graphChunks(format, cluster, good, { pus: values.pus ?? false, pretty: values.pretty ?? false })) {
      sink.write(chunk);
    }
    sink.flush();
    file?.commit();
  } catch (e) {
    file?.abort();
    throw e;
  }
  return 0;
}
