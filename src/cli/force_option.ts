/**
 * `--force`, the one overwrite policy of every command that writes a file
 * (#22 §5): compspec never replaces an existing file unless `--force` is
 * given — `--out FILE`, `--nodes-output FILE`, and the files a command writes
 * into an `--out DIR/` folder alike. FIFOs, character devices and descriptor
 * links (`/dev/stdout`, a pipe) are written in place, never refused. Each
 * command checks its output paths with {@linkcode forceOf}'s answer before any
 * work, and writes them with the same answer (the atomic write then refuses a
 * file that appeared meanwhile). A long option only: `-f` is `--allow-fail`
 * in the commands compspec-go has (extract, snapshot, create artifact).
 *
 * @module
 */
import * as nodePath from "node:path";
import { hostnameProblem } from "../node/hostname.ts";
import type { OptionSpecs } from "./option_definition.ts";
import { checkOutput } from "./output.ts";

/** `--force`, declared once for every command that writes a file (see command_definition.ts). */
export const FORCE_OPTION = {
  force: {
    type: "boolean",
    help: ["replace an existing output file (without it, an", "existing file is an error; a FIFO or device is", "written in place)"],
  },
} as const satisfies OptionSpecs;

/** Whether the command may replace existing output files: `--force` given. */
export function forceOf(values: { force?: boolean }): boolean {
  return values.force === true;
}

/**
 * For `--out DIR/` (extract, snapshot): before any extraction, refuse the file
 * `DIR/<hostname><suffix>` the command will write when it exists and `force` is
 * false. A missing name, or one that is no host name, is left to the command's
 * own error after the extraction, which says why.
 */
export function checkFolderOutput(dir: string, hostname: string | undefined, suffix: string, force: boolean): void {
  if (hostname === undefined || hostnameProblem(hostname)) return;
  checkOutput(nodePath.join(dir, `${hostname}${suffix}`), { force, option: "--out" });
}
