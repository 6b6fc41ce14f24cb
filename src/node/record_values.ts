/**
 * Node file values read for the node record: integers, sizes and CPU lists,
 * each error naming the key it came from.
 *
 * @module
 */
import { parseCpuList } from "../linux/cpulist.ts";
import { InternPool } from "../util/intern.ts";
import { NodeRecordError } from "./record_schema.ts";

/** A node file value as an integer of at least `min`, naming the key when it is not one. */
export function int(value: string, what: string, min = 0): number {
  const t = value.trim();
  if (!/^-?\d{1,15}$/.test(t)) throw new NodeRecordError(`${what} is ${JSON.stringify(value)}, not an integer`);
  const n = Number(t);
  if (n < min) throw new NodeRecordError(`${what} is ${n}, less than ${min}`);
  return n;
}

/** Parse a `/proc/meminfo`-style size (`"24105 kB"`) into KiB. */
export function kib(value: string, what: string): number {
  const m = /^\s*(\d{1,15})\s*(kB)?\s*$/i.exec(value);
  if (!m) throw new NodeRecordError(`${what} is ${JSON.stringify(value)}, not a size like "24105 kB"`);
  return Number(m[1]);
}

/** CPU lists already parsed, by their text (every node of a cluster lists the same NUMA nodes' CPUs). */
const cpuLists = new InternPool<readonly number[]>("node.cpuLists", 1024);

/** Parse a kernel CPU list (`0-5,48-53`) with the extractor's grammar, naming the key when it is not one. */
export function cpuList(value: string, what: string): readonly number[] {
  const known = cpuLists.get(value);
  if (known) return known;
  const r = parseCpuList(value);
  if (!r.ok) throw new NodeRecordError(`${what} is ${JSON.stringify(value)}, not a CPU list like "0-5,48-53": ${r.error}`);
  return cpuLists.intern(value, r.value);
}
