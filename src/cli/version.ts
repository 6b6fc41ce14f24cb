/** `compspec version`: the version and the commit it was built from. @module */
import { COMMIT, VERSION } from "../util/version.ts";
import { parseCommandArgs } from "./args.ts";
import { writeStdout } from "./output.ts";

/** Help text for `compspec version`. */
export const VERSION_HELP = `Usage: compspec version

Print compspec's version and the git commit it was built from.
`;

/** Run `compspec version`. */
export function versionCommand(argv: string[]): number {
  const { values } = parseCommandArgs("version", argv, {});
  if (values.help) {
    writeStdout(VERSION_HELP);
    return 0;
  }
  writeStdout(`compspec ${VERSION} (${COMMIT})\n`);
  return 0;
}
