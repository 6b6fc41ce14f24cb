/**
 * `compspec describe`: what a cluster is made of at a glance — groups of
 * identical nodes with their hostlists, totals and outliers — as text,
 * Markdown, JSON, an SVG picture, Slurm node lines, gres.conf lines or Flux resource
 * configuration. Without `--node-dir` or `--graph` it describes this machine.
 *
 * @module
 */
import { describeCluster } from "../describe/groups.ts";
import { describeFlux } from "../describe/flux.ts";
import { describeJson } from "../describe/json.ts";
import { describeGres, describeSlurm } from "../describe/slurm.ts";
import { describeSvg } from "../describe/svg.ts";
import { describeMarkdown, describeText } from "../describe/text.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { type LoadedNodes, summariesFromDir, summariesFromGraph, summaryOfThisMachine } from "./node_summaries.ts";
import { FORCE_OPTION, forceOf } from "./force_option.ts";
import { checkOutput, usageError, warn, writeResult } from "./output.ts";

/** A `describe` view: the cluster's description (and where it came from) as text. */
type View = (d: ReturnType<typeof describeCluster>, source: LoadedNodes["source"]) => string;

/** The output formats of `describe`, each with its view. */
const VIEWS = {
  text: (d, source) => describeText(d, source),
  markdown: (d, source) => describeMarkdown(d, source),
  json: (d, source) => JSON.stringify(describeJson(d, source), null, 2) + "\n",
  svg: (d, source) => describeSvg(d, source),
  slurm: (d) => describeSlurm(d),
  gres: (d) => describeGres(d),
  flux: (d) => describeFlux(d),
} as const satisfies Record<string, View>;

/** The output formats of `describe`. */
export const DESCRIBE_FORMATS = Object.keys(VIEWS) as (keyof typeof VIEWS)[];

/** `compspec describe`, declared: options and help. */
export const DESCRIBE = defineCommand({
  name: "describe",
  options: {
    "node-dir": { type: "string", value: "DIR", help: ["folder of node files (compspec's or compspec-go's)"] },
    graph: { type: "string", value: "FILE", help: ["a cluster graph from 'compspec create nodes' (either format)"] },
    root: { type: "string", value: "DIR|SNAPSHOT", help: ["describe a saved machine instead of this one"] },
    format: {
      type: "string",
      value: "FORMAT",
      choices: DESCRIBE_FORMATS,
      help: [
        "text (default); markdown; json (schema/describe.schema.json);",
        "svg: one lstopo-style drawing per group, a self-contained file;",
        "slurm: slurm.conf lines only: NodeName lines as 'slurmd -C'",
        "prints them (short host names), plus Gres= for GPUs and",
        "Features= (the names 'flux run --requires' selects on);",
        "gres: gres.conf lines for the GPUs;",
        "flux: [[resource.config]] tables, flux-config-resource(5)",
      ],
    },
    out: { type: "string", short: "o", value: "FILE", help: ["write to FILE atomically (default: stdout)"] },
    "allow-fail": { type: "boolean", help: ["skip bad node files with a warning instead of failing"] },
    ...FORCE_OPTION,
  },
  help: [
    `Usage: compspec describe [--node-dir DIR | --graph FILE | --root DIR|SNAPSHOT]
                         [--format text|markdown|json|svg|slurm|gres|flux] [-o|--out FILE] [--allow-fail]
                         [--force]`,
    `What the cluster is made of, at a glance: groups of identical nodes (same CPU,
sockets x cores x threads, NUMA layout, memory, GPUs, OS, MPI) with their
hostlists, the totals, and the outliers (nodes that differ from a larger group
in one value only: a DIMM or GPU missing, a core offline). Without --node-dir
or --graph: this machine.`,
    `Memory is never rounded up: GiB and MiB are rounded down, and a group shows
the smallest memory of its nodes (sizes within 1% or 1 GiB count as the same).`,
    { title: "Options", options: ["node-dir", "graph", "root", "format", "out", "allow-fail", "force", "help"], column: 25 },
    `Examples:
  compspec describe                                   # this machine
  compspec describe --node-dir /shared/cluster/
  compspec describe --node-dir /shared/cluster/ --format svg --out cluster.svg
  compspec describe --node-dir /shared/cluster/ --format slurm --out /etc/slurm/nodes.conf
  compspec describe --node-dir /shared/cluster/ --format gres --out /etc/slurm/gres.conf
      # slurm.conf then says: Include /etc/slurm/nodes.conf
  compspec describe --graph cluster.json --format flux > /etc/flux/system/conf.d/resource.toml`,
  ],
});

/** Run `compspec describe`. */
export async function describeCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(DESCRIBE, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const format = values.format ?? "text";
  const given = (["node-dir", "graph", "root"] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) throw usageError(`describe: --${given[0]} and --${given[1]} cannot be used together`);
  const force = forceOf(values);
  // Output mistakes show before any node file is read.
  if (values.out !== undefined) checkOutput(values.out, { force, option: "--out" });
  let loaded: LoadedNodes;
  if (values["node-dir"] !== undefined) loaded = summariesFromDir(values["node-dir"], values["allow-fail"] ?? false);
  else if (values.graph !== undefined) loaded = summariesFromGraph(values.graph);
  else {
    const machine = await summaryOfThisMachine(values.root);
    for (const w of machine.warnings) warn(w);
    loaded = machine;
  }
  const d = describeCluster(loaded.nodes);
  const text = VIEWS[format](d, loaded.source);
  writeResult(values.out, text, force);
  return 0;
}
