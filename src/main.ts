/**
 * compspec: describe what a cluster is made of.
 *
 * `argv → command`: each command lives in `src/cli/<command>.ts`.
 *
 * @module
 */
import process from "node:process";
import { createNodesCommand } from "./cli/create_nodes.ts";
import { extractCommand } from "./cli/extract.ts";
import { listCommand } from "./cli/list.ts";
import { CliError, printError, writeStdout } from "./cli/output.ts";
import { snapshotCommand } from "./cli/snapshot.ts";
import { versionCommand } from "./cli/version.ts";

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

/** Run compspec with `argv` (without the program name); returns the exit code. */
export function main(argv: string[]): number {
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
        return versionCommand(rest);
      case "list":
        return listCommand(rest);
      case "extract":
        return extractCommand(rest);
      case "snapshot":
        return snapshotCommand(rest);
      case "create": {
        const [what, ...createArgs] = rest;
        if (what === "nodes") return createNodesCommand(createArgs);
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
  process.exitCode = main(process.argv.slice(2));
}
