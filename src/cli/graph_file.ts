/**
 * `--graph FILE` for the commands that read a cluster graph back (`describe`,
 * `check`, `diff`): read (through the one bounded reader: a FIFO or
 * `/dev/zero` is refused, not read), parse and turn into records, with errors
 * that name the file.
 *
 * @module
 */
import { type GraphCluster, GraphReadError, readGraph } from "../graph/read_graph.ts";
import { JsonSyntaxError, parseJsonText } from "../util/json_text.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { CliError } from "./output.ts";
import { systemErrorText } from "../util/errors.ts";

/** The largest graph file read (a 50,000-node graph with PUs is about 2 GB; JSON text above 1 GiB does not fit a string). */
export const MAX_GRAPH_FILE_BYTES = 1 << 30;

/** The clusters of the graph file at `path`. Throws {@linkcode CliError} naming the file and the problem. */
export function loadGraphFile(path: string): GraphCluster[] {
  let text: string;
  try {
    text = new TextDecoder().decode(readSmallFile(path, MAX_GRAPH_FILE_BYTES));
  } catch (e) {
    if (!(e instanceof SmallFileError)) throw e;
    const p = e.problem;
    if (p.kind === "directory") throw new CliError(`--graph ${path}: is a directory, not a graph file`);
    if (p.kind === "open" && p.code === "ENOENT") throw new CliError(`--graph ${path}: ${systemErrorText(p)}`);
    if (p.kind === "too-large") {
      throw new CliError(`--graph ${path}: ${p.size ?? `more than ${p.maxBytes}`} bytes is more than the ${p.maxBytes} bytes read`);
    }
    throw new CliError(`--graph ${path}: ${e.message}`);
  }
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new CliError(`--graph ${path}: not JSON: ${e.message}`);
    throw e;
  }
  try {
    return readGraph(json);
  } catch (e) {
    if (e instanceof GraphReadError) throw new CliError(`--graph ${path}: ${e.message}`);
    throw e;
  }
}
