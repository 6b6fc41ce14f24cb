/**
 * The one table of compspec's commands: name (one or two words), a one-line
 * summary for `compspec --help`, and how to load it. Commands are loaded on
 * demand: a node runs one command per process, and start-up is most of
 * `extract`'s cost, so nobody pays to load the graph module to extract.
 *
 * @module
 */
import { maxOf } from "../util/array_ops.ts";

/** A command's entry point: `argv` after the command's name; resolves to the exit code. */
export type CommandMain = (argv: string[]) => number | Promise<number>;

/** One command. */
export interface CommandEntry {
  /** `extract`, or two words for a command of a group: `create nodes`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Load the command's module and return its entry point. */
  load: () => Promise<CommandMain>;
}

/** Every command, in the order `compspec --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "extract",
    summary: "describe this node (CPU, topology, memory, GPUs, network, OS, MPI …) as a node file",
    load: async () => (await import("./extract.ts")).extractCommand,
  },
  {
    name: "create nodes",
    summary: "merge a folder of node files into one cluster graph (rainbow, Fluxion) or Flux resource set (R)",
    load: async () => (await import("./create_nodes.ts")).createNodesCommand,
  },
  {
    name: "create state",
    summary: "write a cluster's state for 'rainbow update state': node counts, cores, GPUs, memory, site values",
    load: async () => (await import("./create_state.ts")).createStateCommand,
  },
  {
    name: "create subsystem",
    summary: "rainbow subsystem graphs of the nodes' compatibility facts, one file per subsystem (see docs/rainbow.md)",
    load: async () => (await import("./create_subsystem.ts")).createSubsystemCommand,
  },
  {
    name: "create jobspec",
    summary: "a rainbow jobspec whose requirements are an image's compatibility artifact's (see docs/rainbow.md)",
    load: async () => (await import("./create_jobspec.ts")).createJobspecCommand,
  },
  {
    name: "create artifact",
    summary: "describe an image's build environment as a compatibility artifact (compspec-go's format)",
    load: async () => (await import("./create_artifact.ts")).createArtifactCommand,
  },
  {
    name: "check",
    summary: "can an image run here? evaluate its compatibility artifact (NFD or compspec) on nodes",
    load: async () => (await import("./check.ts")).checkCommand,
  },
  {
    name: "describe",
    summary: "the cluster (or this machine) at a glance: groups of identical nodes, as text, SVG, Slurm or Flux config",
    load: async () => (await import("./describe.ts")).describeCommand,
  },
  {
    name: "diff",
    summary: "what changed between two sets of nodes (folders, node files or graphs); exit 1 when something did",
    load: async () => (await import("./diff.ts")).diffCommand,
  },
  {
    name: "snapshot",
    summary: "save the /proc, /sys and /etc files compspec reads into one file (for --root)",
    load: async () => (await import("./snapshot.ts")).snapshotCommand,
  },
  {
    name: "artifact push",
    summary: "attach a compatibility artifact to an image in a registry or OCI layout",
    load: async () => (await import("./artifact_push.ts")).artifactPushCommand,
  },
  {
    name: "artifact pull",
    summary: "find an image's compatibility artifact and write it (digests checked)",
    load: async () => (await import("./artifact_pull.ts")).artifactPullCommand,
  },
  {
    name: "artifact list",
    summary: "every artifact attached to an image (type, digest, size, created, where) and the one pull uses",
    load: async () => (await import("./artifact_list.ts")).artifactListCommand,
  },
  {
    name: "match",
    summary: "images whose compspec artifacts match key=value pairs (compspec-go's match)",
    load: async () => (await import("./match.ts")).matchCommand,
  },
  {
    name: "list",
    summary: "list extractors and their sections",
    load: async () => (await import("./list.ts")).listCommand,
  },
  {
    name: "version",
    summary: "print the version",
    load: async () => (await import("./version.ts")).versionCommand,
  },
];

/** The command `argv` starts with, and the arguments after its name; `undefined` when none matches. */
export function findCommand(argv: readonly string[]): { entry: CommandEntry; rest: string[] } | undefined {
  for (const entry of COMMANDS) {
    const words = entry.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { entry, rest: argv.slice(words.length) };
  }
  return undefined;
}

/** The second words of the group `group` (`create` → `nodes`, …), empty when `group` is no group. */
export function groupMembers(group: string): string[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${group} `)).map((c) => c.name.slice(group.length + 1));
}

/** The command list for `compspec --help`. */
export function commandList(): string {
  const width = maxOf(COMMANDS.map((c) => c.name.length));
  return COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}\n`).join("");
}
