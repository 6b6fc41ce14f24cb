/**
 * `--graph FILE` for the commands that read a cluster graph back (`describe`,
 * `check`, `diff`): read, parse and turn into records, with errors that name
 * the file.
 *
 * @module
 */
import * as fs from "node:fs";
import { type GraphCluster, GraphReadError, readGraph } from "../graph/read_graph.ts";
import { CliError } from "./output.ts";
import { errorCode, errorMessage } from "../util/errors.ts";

/** The largest graph file read (a 50,000-node graph with PUs is about 2 GB; JSON text above 1 GiB does not fit a string). */
export const MAX_GRAPH_FILE_BYTES = 1 << 30;

/** The clusters of the graph file at `path`. Throws {@linkcode CliError} naming the file and the problem. */
export function loadGraphFile(path: string): GraphCluster[] {
  let text: string;
  try {
    const st = fs.statSync(path);
    if (st.isDirectory()) throw new CliError(`--graph ${path}: is a directory, not a graph file`);
    if (st.size > MAX_GRAPH_FILE_BYTES) throw new CliError(`--graph ${path}: ${st.size} bytes is more than the ${MAX_GRAPH_FILE_BYTES} bytes read`);
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = errorCode(e);
    throw new CliError(`--graph ${path}: ${code === "ENOENT" ? "no such file" : errorMessage(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`--graph ${path}: not JSON: ${errorMessage(e)}`);
  }
  try {
    return readGraph(json);
  } catch (e) {
    if (e instanceof GraphReadError) throw new CliError(`--graph ${path}: ${e.message}`);
    throw e;
  }
}
