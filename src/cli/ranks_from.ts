/**
 * `create nodes --ranks-from HOSTLIST|FILE`: the broker host order of the Flux
 * instance the graph is for (rank = position in it). An existing file is read
 * (hostlists separated by whitespace or newlines, `#` to the end of a line is a
 * comment: a `hosts` file, or `flux getattr hostlist > FILE`); anything else is
 * a hostlist itself (`node[01-64]`, `"$(flux getattr hostlist)"`).
 *
 * @module
 */
import * as fs from "node:fs";
import { repeatedHosts } from "../graph/mod.ts";
import { expandHostlist, HostlistError } from "../util/hostlist.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { CliError, usageError } from "./output.ts";

/** The largest --ranks-from file read (a host order of a million hosts fits). */
const MAX_RANKS_FILE_BYTES = 64 * 1024 * 1024;

/** Host order from text: hostlists separated by whitespace, `#` comments. Throws `HostlistError`. */
export function parseHostOrder(text: string): string[] {
  const hosts: string[] = [];
  for (const part of text.replace(/#[^\n]*/g, "").split(/\s+/)) {
    if (part !== "") for (const h of expandHostlist(part)) hosts.push(h);
  }
  return hosts;
}

/** Whether `path` names something other than a folder: read as a file (a FIFO or a device is then refused, not taken as a hostlist). */
function isFileLike(path: string): boolean {
  try {
    return !fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The host order `--ranks-from VALUE` names. Throws a usage error (exit 2) for
 * a bad hostlist, an empty list or a host named twice, and a `CliError` for a
 * file that cannot be read.
 */
export function readRanksFrom(value: string): string[] {
  const isFile = isFileLike(value);
  const what = isFile ? `--ranks-from file ${value}` : `--ranks-from ${JSON.stringify(value)}`;
  let text = value;
  if (isFile) {
    try {
      text = new TextDecoder().decode(readSmallFile(value, MAX_RANKS_FILE_BYTES));
    } catch (e) {
      if (!(e instanceof SmallFileError)) throw e;
      const p = e.problem;
      if (p.kind === "too-large") throw new CliError(`${what}: ${p.size ?? `more than ${p.maxBytes}`} bytes; at most ${p.maxBytes} are read`);
      throw new CliError(`${what}: ${p.kind === "open" || p.kind === "read" ? `cannot read it: ${p.message}` : e.message}`);
    }
  }
  let hosts: string[];
  try {
    hosts = parseHostOrder(text);
  } catch (e) {
    if (e instanceof HostlistError) throw usageError(`create nodes: ${what}: ${e.message}`);
    throw e;
  }
  if (hosts.length === 0) throw usageError(`create nodes: ${what} names no hosts`);
  const repeated = repeatedHosts(hosts);
  if (repeated.length > 0) {
    throw usageError(`create nodes: ${what} names ${repeated.map((h) => JSON.stringify(h)).join(", ")} more than once`);
  }
  return hosts;
}
