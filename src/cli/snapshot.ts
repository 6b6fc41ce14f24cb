/** `compspec snapshot`: filled in by issue 5. @module */
import { CliError } from "./output.ts";

/** Run `compspec snapshot`. */
export function snapshotCommand(_argv: string[]): number {
  throw new CliError("snapshot is not implemented yet");
}
