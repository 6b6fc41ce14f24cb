/**
 * `compspec create nodes`: merge a folder of node files into one JGF cluster
 * graph (rainbow's or Fluxion's dialect) or one Flux resource set (R with the
 * Fluxion graph as its `scheduling`). Files are read one at a time and reduced
 * to small records; the graph is written as it is built.
 *
 * @module
 */
import * as nodePath from "node:path";
import { nfdLabels } from "../compat/labels.ts";
import {
  clusterNameProblem,
  FluxRError,
  FORMATS,
  type GraphFormat,
  rankOrderMismatch,
  writeGraph,
} from "../graph/mod.ts";
import { nodeFacts, type NodeFacts } from "../node/facts.ts";
import { sectionName } from "../node/failed_sections.ts";
import { compareHostnames } from "../node/hostname.ts";
import { IdentityCache } from "../util/caches.ts";
import type { NodeRecord } from "../node/record.ts";
import type { NodeFile } from "../node/schema.ts";
import { compressHostlist } from "../util/hostlist.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { loadNodeDir } from "./node_dir.ts";
import { FORCE_OPTION, forceOf } from "./force_option.ts";
import { AtomicFile, checkOutput, CliError, printError, usageError, warn, writeStdout } from "./output.ts";
import { readRanksFrom } from "./ranks_from.ts";
import { warnIfOverRainbowLimit } from "./rainbow_limit.ts";

/** `compspec create nodes`, declared: options and help. */
export const CREATE_NODES = defineCommand({
  name: "create nodes",
  options: {
    "cluster-name": { type: "string", value: "NAME", required: true, help: ["name of the cluster (root vertex)"] },
    "node-dir": { type: "string", value: "DIR", required: true, help: ["folder of node files: every *.json, except hidden", "and temporary files"] },
    out: { type: "string", short: "o", value: "FILE", help: ["write the graph to FILE atomically (default: stdout);", "an existing FILE is an error unless --force (a FIFO", "or device is written in place)"] },
    "nodes-output": { type: "string", value: "FILE", help: ["the same as --out (compspec-go's name)"] },
    format: { type: "string", value: "FORMAT", choices: FORMATS, help: ["rainbow (default): JGF v2 as rainbow reads it (with sockets);", "fluxion: flux-sched's JGF reader format, no socket level,", "  Flux property names on the nodes;", "flux-r: one Flux resource set (RFC 20 R) whose", "  'scheduling' is that Fluxion graph: a Flux system", "  instance's [resource] path (see docs/deploy.md)"] },
    "ranks-from": { type: "string", value: "HOSTLIST|FILE", help: ["node ranks in the Flux instance's broker order: a", "hostlist (\"node[01-64]\", \"$(flux getattr hostlist)\") or", "a file of them; every listed host needs a node file and", "every node file a listed host (default: ranks in", "natural hostname order)"] },
    sockets: { type: "boolean", help: ["keep the socket level in fluxion / flux-r (Flux's -N", "jobs need it gone; resource-query node->socket->core", "jobspecs want it)"] },
    pus: { type: "boolean", help: ["add a pu vertex per hardware thread under its core"] },
    labels: { type: "boolean", help: ["also put the node's NFD features that rules use on its", "vertex, as nfd.<source>.<key> string attributes (so that", "'compspec check --graph' and rainbow can select on them)"] },
    compact: { type: "boolean", help: ["rainbow only: write just what rainbow reads (vertex type,", "size, unit and 'contains' edges; same vertex keys, so", "'create subsystem' files still attach): about a quarter", "of the full form's bytes, for clusters whose full graph", "is over rainbow's 4 MiB registration limit. Node facts", "reach rainbow through subsystems, so not with --labels"] },
    ...FORCE_OPTION,
    "allow-fail": { type: "boolean", help: ["skip bad node files (and, with --ranks-from, hosts", "and files that do not match) with a warning"] },
    pretty: { type: "boolean", help: ["indent the JSON (default: compact)"] },
  },
  help: [
    `Usage: compspec create nodes --cluster-name NAME --node-dir DIR [-o|--out|--nodes-output FILE]
                            [--format rainbow|fluxion|flux-r] [--ranks-from HOSTLIST|FILE]
                            [--sockets] [--pus] [--labels] [--compact] [--force]
                            [--allow-fail] [--pretty]`,
    `Merge a folder of node files (from 'compspec extract --out DIR/', or compspec-go's)
into one JGF cluster graph: cluster -> rack -> node -> [socket ->] core (-> pu),
with memory per NUMA node (whole GiB, rounded down) and GPUs, and the node's
facts (OS, MPI, CPU model and target, memory, GPUs …) as attributes.`,
    { title: "Options", options: ["cluster-name", "node-dir", "out", "nodes-output", "format", "ranks-from", "sockets", "pus", "labels", "compact", "force", "allow-fail", "pretty", "help"], column: 28 },
    `A rainbow graph over 4 MiB is still written, with a warning: rainbow's server
refuses registrations larger than that (see docs/graph.md).`,
    `Examples:
  srun -N 512 compspec extract --out /shared/cluster/
  compspec create nodes --cluster-name cluster-red --node-dir /shared/cluster/ \\
      --out cluster-red.json
  compspec create nodes --cluster-name red --node-dir /shared/cluster/ --format flux-r \\
      --ranks-from "$(flux getattr hostlist)" --out R.json`,
  ],
});

/** A record and the file it came from (for messages). */
export type FileRecord = NodeRecord & { file: string };

/** Labelled attributes made so far, by the record's attributes object and the NFD sections' text. */
const labelledAttributes = new IdentityCache<object, Map<string, NodeRecord["attributes"]>>("cli.labelledAttributes");

/**
 * A node file's record with its NFD features as `nfd.<source>.<key>` attributes
 * (`--labels`). Nodes of equal facts share one attributes object, as
 * `nodeRecord`'s records do (views render each once).
 */
export function labelledNodeRecord(file: NodeFile, name: string, facts: NodeFacts = nodeFacts(file, name)): NodeRecord {
  const { record, failed } = facts;
  const all = file.results.nfd?.sections;
  // A section extract could not read is left out of the labels, so that check --graph answers unknown there, not absent.
  const sections = all === undefined || failed.size === 0 ? all : Object.fromEntries(Object.entries(all).filter(([s]) => !failed.has(sectionName("nfd", s))));
  const key = sections === undefined ? "" : JSON.stringify(sections);
  let known = labelledAttributes.get(record.attributes);
  if (known === undefined) labelledAttributes.set(record.attributes, known = new Map());
  let attributes = known.get(key);
  if (attributes === undefined) known.set(key, attributes = { ...record.attributes, ...nfdLabels(sections) });
  return { ...record, attributes };
}

/**
 * Keep the records whose host `order` lists. A listed host without a node
 * file, or a file whose host is not listed, is named; then either all of them
 * fail the command (nothing written), or with `allowFail` each is a warning
 * (a missing host's rank stays unused; an unlisted file is skipped).
 */
export function matchRankOrder(records: FileRecord[], order: readonly string[], dir: string, allowFail: boolean): FileRecord[] {
  const { missing, unlisted } = rankOrderMismatch(records.map((r) => r.hostname), order);
  const unlistedSet = new Set(unlisted);
  const problems = [
    ...missing.map((h) => `--ranks-from: host ${h} has no node file in ${dir}`),
    ...records.filter((r) => unlistedSet.has(r.hostname)).map((r) => `${r.file}: host ${r.hostname} is not in --ranks-from`),
  ];
  if (problems.length === 0) return records;
  if (!allowFail) {
    for (const p of problems) printError(p);
    throw new CliError(
      `${problems.length} mismatch${problems.length === 1 ? "" : "es"} between --ranks-from and the node files; ` +
        `nothing written (use --allow-fail to skip them)`,
    );
  }
  for (const p of problems) warn(`skipping: ${p}`);
  const kept = records.filter((r) => !unlistedSet.has(r.hostname));
  if (kept.length === 0) throw new CliError(`--node-dir ${dir}: no node file is in --ranks-from; nothing written`);
  return kept;
}

/** Run `compspec create nodes`. */
export function createNodesCommand(argv: string[]): number {
  const parsed = parseCommand(CREATE_NODES, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const cluster = values["cluster-name"];
  const dir = values["node-dir"];
  const problem = clusterNameProblem(cluster);
  if (problem) throw usageError(`create nodes: --cluster-name ${JSON.stringify(cluster)} cannot be used: ${problem}`);
  const format: GraphFormat = values.format ?? "rainbow";
  const compact = values.compact ?? false;
  if (compact && format !== "rainbow") throw usageError(`create nodes: --compact is for --format rainbow only, not ${format}`);
  if (compact && values.labels) {
    throw usageError("create nodes: --compact leaves node facts out (rainbow reads them from subsystems: 'compspec create subsystem'); drop --labels or --compact");
  }
  const rankOrder = values["ranks-from"] === undefined ? undefined : readRanksFrom(values["ranks-from"]);
  // -o/--out as every other command; --nodes-output as compspec-go.
  if (values.out !== undefined && values["nodes-output"] !== undefined) {
    throw usageError("create nodes: give the output once: --out or --nodes-output, not both");
  }
  const out = values.out ?? values["nodes-output"];
  const force = forceOf(values);
  const allowFail = values["allow-fail"] ?? false;
  // Refuse to overwrite before the (possibly long) read, so the mistake shows at once.
  const target = out === undefined
    ? undefined
    : checkOutput(out, { force, option: values.out !== undefined ? "--out" : "--nodes-output" });

  // The graph may be written into the folder it is made from: never read it back as a node.
  // (Nor a link's target that the graph will be written to.)
  const incomplete = new Map<string, string[]>();
  const labelled = (file: NodeFile, name: string): NodeRecord => {
    const facts = nodeFacts(file, name);
    const record = values.labels ? labelledNodeRecord(file, name, facts) : facts.record;
    const failed = [...facts.failed.keys()].sort().join(", ");
    if (failed === "") return record;
    // Appended in place: a folder of 10,000 nodes that failed alike would otherwise copy the list 10,000 times.
    const hosts = incomplete.get(failed);
    if (hosts) hosts.push(record.hostname);
    else incomplete.set(failed, [record.hostname]);
    return record;
  };
  const read = loadNodeDir(
    dir,
    (file, name): FileRecord => Object.assign(labelled(file, name), { file: nodePath.join(dir, `${name}.json`) }),
    { allowFail, exclude: target === undefined ? [] : [out!, target.path] },
  );
  const good = rankOrder === undefined ? read : matchRankOrder(read, rankOrder, dir, allowFail);
  for (const [failed, hosts] of incomplete) {
    warn(`${compressHostlist(hosts.sort(compareHostnames))}: extract could not read ${failed}: the graph lacks what ${failed.includes(",") ? "they" : "it"} would say`);
  }

  const file = out === undefined ? undefined : new AtomicFile(out, { force });
  try {
    const opts = { pus: values.pus ?? false, pretty: values.pretty ?? false, sockets: values.sockets ?? false, rankOrder, compact };
    // The graph is written as it is made, about 1 MiB at a time.
    let bytes = 0;
    writeGraph(format, cluster, good, opts, (chunk) => {
      bytes += chunk.length;
      file ? file.write(chunk) : writeStdout(chunk);
    });
    file?.commit();
    if (format === "rainbow") warnIfOverRainbowLimit(bytes, good.length, "the rainbow graph", compact ? undefined : "--compact writes about a quarter of these bytes");
  } catch (e) {
    file?.abort();
    if (e instanceof FluxRError) throw new CliError(`--format flux-r: ${e.message}`);
    throw e;
  }
  return 0;
}
