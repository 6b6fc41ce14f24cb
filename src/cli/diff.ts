/**
 * `compspec diff OLD NEW`: what changed between two sets of nodes — folders of
 * node files, node files or graphs, in any mix. Exit 0 when nothing changed,
 * 1 when something did, 2 on a usage error or input that cannot be read, so a
 * site can run it after maintenance or in a health check.
 *
 * @module
 */
import { diffNodes, hasChanges } from "../describe/diff.ts";
import { diffJson, diffText } from "../describe/diff_view.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { type LoadedNodes, summariesFromPath } from "./node_summaries.ts";
import { CliError, usageError, writeStdout } from "./output.ts";

/** `compspec diff`, declared: options and help. */
export const DIFF = defineCommand({
  name: "diff",
  positionals: true,
  options: {
    json: { type: "boolean", help: ["machine-readable output (schema/diff.schema.json)"] },
    "allow-fail": { type: "boolean", help: ["skip bad node files in a folder with a warning"] },
  },
  help: [
    `Usage: compspec diff OLD NEW [--json] [--allow-fail]`,
    `What changed between OLD and NEW, each a folder of node files, one node file,
or a cluster graph from 'compspec create nodes': nodes added and removed, and
per node what differs (CPU, layout and online CPUs, NUMA, memory, GPUs, OS,
kernel, MPI), nodes that changed alike grouped under one hostlist. Facts one
side does not have (a graph has no kernel release) are not compared; memory
counts as changed beyond 1% or 1 GiB.`,
    `Exit status: 0 nothing changed, 1 something changed, 2 usage error or input
that cannot be read.`,
    { title: "Options", options: ["json", "allow-fail", "help"], column: 21 },
    `Examples:
  cp -r /shared/cluster /shared/cluster.before     # before maintenance
  compspec diff /shared/cluster.before /shared/cluster/
  compspec diff cluster-2024-01.json /shared/cluster/ --json
  compspec extract --out now.json && compspec diff good.json now.json || echo "drain me"`,
  ],
});

/** Read one side; an unreadable input is exit 2 here (1 means "changed"). */
function load(path: string, allowFail: boolean, option: string): LoadedNodes {
  try {
    return summariesFromPath(path, allowFail, option);
  } catch (e) {
    if (e instanceof CliError) throw new CliError(e.message, 2);
    throw e;
  }
}

/** Run `compspec diff`. */
export function diffCommand(argv: string[]): number {
  const parsed = parseCommand(DIFF, argv);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 2) {
    throw usageError(`diff: expected OLD and NEW, got ${positionals.length} argument${positionals.length === 1 ? "" : "s"} (see 'compspec diff --help')`);
  }
  const allowFail = values["allow-fail"] ?? false;
  const [oldPath, newPath] = positionals as [string, string];
  const before = load(oldPath, allowFail, "OLD");
  const after = load(newPath, allowFail, "NEW");
  const d = diffNodes(before.nodes, after.nodes);
  writeStdout(values.json ? JSON.stringify(diffJson(d, before.source, after.source), null, 2) + "\n" : diffText(d, before.source, after.source));
  return hasChanges(d) ? 1 : 0;
}
