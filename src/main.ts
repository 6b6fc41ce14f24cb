/**
 * compspec: describe what a cluster is made of.
 *
 * `argv → command`: the commands are listed in `src/cli/commands.ts`, each
 * living in `src/cli/<command>.ts`.
 *
 * @module
 */
import process from "node:process";
import { closestName } from "./cli/args.ts";
import { COMMANDS, commandList, findCommand, groupMembers } from "./cli/commands.ts";
import { type CliIo, currentIo, ExitRequest, processIo, withIo } from "./cli/io.ts";
import { asCliError, CliError, printError, writeStderr, writeStdout } from "./cli/output.ts";
import { errorMessage } from "./util/errors.ts";

/** Top-level help. */
export function mainHelp(): string {
  return `compspec: describe what a cluster is made of

Usage: compspec <command> [options]

Commands:
${commandList()}
Run 'compspec <command> --help' (or 'compspec help <command>') for a command's options.

Exit status:
  0    success
  1    failure: the message names the file and the problem; nothing is half-written
  2    usage error: a bad option, argument or --name
  70   internal error: a bug in compspec (please report it)

Environment:
  NO_COLOR=1         no colour in messages (colour is used only on a terminal)
  COMPSPEC_DEBUG=1   print the stack trace with an error
`;
}

/**
 * Run compspec with `argv` (without the program name), writing to and reading
 * from `io` (default: the process's streams); resolves to the exit code.
 */
export function main(argv: string[], io: CliIo = processIo): Promise<number> {
  return withIo(io, () => runMain(argv));
}

async function runMain(argv: string[]): Promise<number> {
  try {
    const [first, ...rest] = argv;
    switch (first) {
      case undefined:
        // No command is a usage error: the help goes where errors go.
        writeStderr(mainHelp());
        return 2;
      case "-h":
      case "--help":
        writeStdout(mainHelp());
        return 0;
      case "help":
        if (rest.length === 0) {
          writeStdout(mainHelp());
          return 0;
        }
        return await run([...rest, "--help"]);
      case "--version":
      case "-V":
        return await run(["version", ...rest]);
    }
    return await run(argv);
  } catch (e) {
    return reportError(e);
  }
}

/**
 * Print an error as one line and return the exit code: a {@linkcode CliError}'s
 * own code, or 70 (EX_SOFTWARE) for a bug. A stack trace only when
 * `COMPSPEC_DEBUG=1` asks for one (a user never needs it to act on an error).
 */
export function reportError(thrown: unknown): number {
  if (thrown instanceof ExitRequest) return thrown.code;
  const e = asCliError(thrown);
  const debug = debugRequested();
  const stack = debug && e instanceof Error && e.stack ? `\n${e.stack}` : "";
  if (e instanceof CliError) {
    printError(e.message + stack);
    return e.exitCode;
  }
  printError(`internal error: ${errorMessage(e)}${stack || " (COMPSPEC_DEBUG=1 shows where; please report it)"}`);
  return 70;
}

/** Whether `COMPSPEC_DEBUG=1` is set (false where the runtime may not read it: Deno without --allow-env). */
function debugRequested(): boolean {
  try {
    return currentIo().env.COMPSPEC_DEBUG === "1";
  } catch {
    return false;
  }
}

/** Dispatch `argv` to its command. */
async function run(argv: string[]): Promise<number> {
  const found = findCommand(argv);
  if (found) return await (await found.entry.load())(found.rest);
  const [first, second] = argv;
  const members = groupMembers(first!);
  if (members.length === 0) {
    const guess = closestName(first!, [...new Set(COMMANDS.map((c) => c.name.split(" ")[0]!))]);
    throw new CliError(
      `unknown command ${JSON.stringify(first)}; ${guess ? `did you mean '${guess}'?` : "run 'compspec --help'"}`,
      2,
    );
  }
  if (second === undefined || second === "--help" || second === "-h") {
    const usage = members.map((m) => `       compspec ${first} ${m} [options]   (see 'compspec ${first} ${m} --help')\n`).join("");
    const text = `Usage:${usage.slice("      ".length)}`;
    if (second === undefined) {
      writeStderr(text);
      return 2;
    }
    writeStdout(text);
    return 0;
  }
  throw new CliError(`unknown ${first} target ${JSON.stringify(second)}; valid: ${members.join(", ")}`, 2);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
