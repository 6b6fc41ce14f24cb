/**
 * Thin wrapper over `node:util` `parseArgs` that turns its exceptions into usage
 * errors and handles `--help`.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { usageError } from "./output.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parse `argv` for a command; throws a usage error naming the command on a bad flag. */
export function parseCommandArgs<T extends Options>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: argv,
      options: { help: { type: "boolean", short: "h" }, ...options },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw usageError(`${command}: ${(e as Error).message} (see 'compspec ${command} --help')`);
  }
}
