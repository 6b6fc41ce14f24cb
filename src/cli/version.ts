/** `compspec version`: the version and the commit it was built from. @module */
import { COMMIT, VERSION } from "../util/version.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { writeStdout } from "./output.ts";

/** `compspec version`, declared: it has no options. */
export const VERSION_COMMAND = defineCommand({
  name: "version",
  options: {},
  help: ["Usage: compspec version", "Print compspec's version and the git commit it was built from."],
});

/** Run `compspec version`. */
export function versionCommand(argv: string[]): number {
  if (parseCommand(VERSION_COMMAND, argv) === undefined) return 0;
  writeStdout(`compspec ${VERSION} (${COMMIT})\n`);
  return 0;
}
