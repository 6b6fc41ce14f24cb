/**
 * compspec: describe what a cluster is made of.
 *
 * `argv → command`: each command lives in `src/cli/<command>.ts`.
 *
 * @module
 */
import process from "node:process";
import { CliError, printError, writeStdout } from "./cli/output.ts";

// Commands are loaded on demand: a node runs one command per process, and start-up
// time is most of `extract`'s cost, so nobody pays to load the graph module to extract.
const COMMANDS: Record<string, () => Promise<(argv: string[]) => number>> = {
  version: async () => (await import("./cli/version.ts")).versionCommand,
  list: async () => (await import("./cli/list.ts")).listCommand,
  extract: async () => (await import("./cli/extract.ts")).extractCommand,
  snapshot: async () => (await import("./cli/snapshot.ts")).snapshotCommand,
  "create nodes": async () => (await import("./cli/create_nodes.ts")).createNodesCommand,
};

/** Top-level help. */
export const MAIN_HELP = `compspec: describe what a cluster is made of

Usage: compspec <command> [options]

Commands:
  extract        describe this node (CPU, topology, memory, GPUs, network, OS, MPI …) as a node file
  create nodes   merge a folder of node files into one JGF cluster graph (rainbow or Fluxion)
  snapshot       save the /proc, /sys and /etc files compspec reads into one file (for --root)
  list           list extractors and their sections
  version        print the version

Run 'compspec <command> --help' for a command's options.
`;

/** Run compspec with `argv` (without the program name); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case "-h":
      case "--help":
      case "help":
        writeStdout(MAIN_HELP);
        return command === undefined ? 2 : 0;
      case "version":
      case "--version":
      case "-V":
        return (await COMMANDS.version!())(rest);
      case "list":
      case "extract":
      case "snapshot":
        return (await COMMANDS[command]!())(rest);
      case "create": {
        const [what, ...createArgs] = rest;
        if (what === "nodes") return (await COMMANDS["create nodes"]!())(createArgs);
        if (what === undefined || what === "--help" || what === "-h") {
          writeStdout("Usage: compspec create nodes [options]   (see 'compspec create nodes --help')\n");
          return what === undefined ? 2 : 0;
        }
        throw new CliError(`unknown create target ${JSON.stringify(what)}; valid: nodes`, 2);
      }
      default:
        throw new CliError(`unknown command ${JSON.stringify(command)}; run 'compspec --help'`, 2);
    }
  } catch (e) {
    if (e instanceof CliError) {
      printError(e.message);
      return e.exitCode;
    }
    printError(`internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 70;
  }
}

if (import.meta.main) {
  // No top-level await: the compiled binary is bytecode-compiled as CommonJS.
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
