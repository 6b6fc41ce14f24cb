/** `compspec create nodes`: filled in by issue 4. @module */
import { CliError } from "./output.ts";

/** Run `compspec create nodes`. */
export function createNodesCommand(_argv: string[]): number {
  throw new CliError("create nodes is not implemented yet");
}
