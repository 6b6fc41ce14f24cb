/**
 * `compspec create nodes`: merge a folder of node files into one JGF cluster
 * graph (rainbow's or Fluxion's dialect). Files are read one at a time and
 * reduced to small records; the graph is written as it is built.
 *
 * @module
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import process from "node:process";
import { clusterNameProblem, FORMATS, type GraphFormat, graphChunks } from "../graph/mod.ts";
import { NodeFileError, ReadBuffer, readNodeFile } from "../node/read_node_file.ts";
import type { NodeRecord } from "../node/record.ts";
import { parseCommandArgs } from "./args.ts";
import { AtomicFile, CliError, isDirectory, printError, usageError, warn, writeStdout } from "./output.ts";

/** Help text for `compspec create nodes`. */
export const CREATE_NODES_HELP = `Usage: compspec create nodes --cluster-name NAME --node-dir DIR [--nodes-output FILE]
                            [--format rainbow|fluxion] [--pus] [--force] [--allow-fail] [--pretty]

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
      --force               replace an existing --nodes-output FILE
      --allow-fail          skip bad node files with a warning instead of failing
      --pretty              indent the JSON (default: compact)
  -h, --help                this help

Examples:
  srun -N 512 compspec extract --out /shared/cluster/
  compspec create nodes --cluster-name cluster-red --node-dir /shared/cluster/ \\
      --nodes-output cluster-red.json
`;

/** Whether a directory entry is a node file to read: `*.json`, not hidden (temporary files are hidden). */
export function isNodeFileName(name: string): boolean {
  return name.endsWith(".json") && !name.startsWith(".") && name.length > ".json".length;
}

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

  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isNodeFileName);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a directory" : (e as Error).message;
    throw new CliError(`--node-dir ${dir}: ${why}`);
  }
  // Code-unit order: messages come out the same way on every run.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new CliError(`--node-dir ${dir}: no node files (*.json) in it`);

  const { records, bad } = readAll(dir, names);
  bad.push(...duplicates(records));
  if (bad.length > 0) {
    bad.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    if (!allowFail) {
      for (const b of bad) printError(`${b.file}: ${b.message}`);
      throw new CliError(
        `${bad.length} of ${names.length} node file${names.length === 1 ? "" : "s"} in ${dir} cannot be used; ` +
          `nothing written (use --allow-fail to skip them)`,
      );
    }
    for (const b of bad) warn(`skipping ${b.file}: ${b.message}`);
  }
  const badFiles = new Set(bad.map((b) => b.file));
  const good = records.filter((r) => !badFiles.has(r.file)).map((r) => r.record);
  if (good.length === 0) throw new CliError(`--node-dir ${dir}: no usable node files; nothing written`);

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

interface ReadRecord {
  file: string;
  record: NodeRecord;
}

interface BadFile {
  file: string;
  message: string;
}

/** Read every node file, one at a time (each text dropped once reduced), with a progress line on a TTY. */
function readAll(dir: string, names: string[]): { records: ReadRecord[]; bad: BadFile[] } {
  const records: ReadRecord[] = [];
  const bad: BadFile[] = [];
  const buf = new ReadBuffer();
  const tty = Boolean(process.stderr.isTTY);
  let lastProgress = 0;
  for (let i = 0; i < names.length; i++) {
    const path = nodePath.join(dir, names[i]!);
    try {
      records.push({ file: path, record: readNodeFile(path, buf) });
    } catch (e) {
      if (!(e instanceof NodeFileError)) throw e;
      bad.push({ file: path, message: e.message });
    }
    if (tty && (i + 1 === names.length || Date.now() - lastProgress > 100)) {
      lastProgress = Date.now();
      process.stderr.write(`\rcompspec: reading node files: ${i + 1}/${names.length}\x1b[K`);
    }
  }
  if (tty) process.stderr.write("\r\x1b[K");
  return { records, bad };
}

/** Every file whose hostname another file also has (all of them are bad: which one is right is unknowable). */
function duplicates(records: ReadRecord[]): BadFile[] {
  // Grouped by hostname in one pass: the graph sorts the nodes itself, later.
  const files = new Map<string, string[]>();
  for (const r of records) {
    const group = files.get(r.record.hostname);
    if (group) group.push(r.file);
    else files.set(r.record.hostname, [r.file]);
  }
  const out: BadFile[] = [];
  for (const [hostname, group] of files) {
    if (group.length < 2) continue;
    group.sort();
    for (const f of group) {
      const others = group.filter((g) => g !== f).join(", ");
      out.push({ file: f, message: `hostname ${JSON.stringify(hostname)} is also the hostname in ${others}` });
    }
  }
  return out;
}
