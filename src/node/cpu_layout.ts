/**
 * A node's CPU layout (sockets → cores → PUs) from its node file: the real one
 * from `system.cpu.topology`, or compspec-go's counts spread over the sockets.
 *
 * @module
 */
import { InternPool } from "../util/intern.ts";
import { NodeRecordError } from "./record_schema.ts";
import { cpuList, int } from "./record_values.ts";
import type { SectionData } from "./schema.ts";
import { CPU_KEY, keyPath, MEMORY_KEY, NFD_KEY, TOPOLOGY_FORMAT } from "./vocabulary.ts";

/** The CPU layout and where each CPU / NUMA node sits. */
export interface Layout {
  /** Shared by every record with this layout: read-only. */
  readonly sockets: readonly (readonly (readonly number[])[])[];
  /** Logical CPU → socket index. */
  readonly cpuSocket: ReadonlyMap<number, number>;
  /** NUMA node → socket index → CPU count (from the topology's node field). */
  readonly numaCpus: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Logical CPU → NUMA node (-1: none), from the topology's node field; absent for compspec-go's counts. */
  readonly cpuNuma?: ReadonlyMap<number, number>;
  /** Whether the layout is the node's real one (false: compspec-go's counts). */
  readonly real: boolean;
}

/**
 * Layouts already made, by their source text: the nodes of a cluster mostly share
 * one, which is then parsed once and kept once (layouts are never changed).
 */
const layouts = new InternPool<Layout>("node.layouts", 256);

/** The real layout from `system.cpu.topology`. */
export function topologyLayout(cpu: SectionData): Layout {
  const format = cpu[CPU_KEY.topologyFormat];
  if (format !== undefined && format !== TOPOLOGY_FORMAT) {
    throw new NodeRecordError(
      `system.cpu.topology.format is ${JSON.stringify(format)}; this compspec reads ${JSON.stringify(TOPOLOGY_FORMAT)}`,
    );
  }
  const topology = cpu[CPU_KEY.topology]!;
  const key = `t${topology}`;
  return layouts.get(key) ?? layouts.intern(key, parseTopology(topology));
}

/** Parse `system.cpu.topology` (format checked). */
function parseTopology(topology: string): Layout {
  const text = topology.trim();
  if (text === "") throw new NodeRecordError("the node has zero CPUs (system.cpu.topology is empty)");
  const entries = text.split(/\s+/);
  const n = entries.length;
  // One typed array per field, indexed by entry: this runs for every distinct layout of a large cluster.
  const column = () => new Float64Array(n);
  const t = { cpu: column(), pkg: column(), die: column(), core: column(), node: column() };
  const entryRe = /^(\d{1,9}):(-?\d{1,9}):(-?\d{1,9}):(-?\d{1,9}):(-?\d{1,9})$/;
  for (let i = 0; i < n; i++) {
    const m = entryRe.exec(entries[i]!);
    if (!m) throw new NodeRecordError(`system.cpu.topology entry ${JSON.stringify(entries[i])} is not ${TOPOLOGY_FORMAT}`);
    t.cpu[i] = +m[1]!;
    t.pkg[i] = +m[2]!;
    t.die[i] = +m[3]!;
    t.core[i] = +m[4]!;
    t.node[i] = +m[5]!;
  }
  // Order by package, die, core, then CPU: one pass then groups sockets and cores.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    t.pkg[a]! - t.pkg[b]! || t.die[a]! - t.die[b]! || t.core[a]! - t.core[b]! || t.cpu[a]! - t.cpu[b]!
  );
  const sockets: number[][][] = [];
  const cpuSocket = new Map<number, number>();
  const numaCpus = new Map<number, Map<number, number>>();
  const cpuNuma = new Map<number, number>();
  let socket: number[][] = [];
  let core: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const cpuId = t.cpu[i]!;
    const prev = k === 0 ? -1 : order[k - 1]!;
    const newSocket = prev < 0 || t.pkg[prev] !== t.pkg[i];
    const newCore = newSocket || t.die[prev] !== t.die[i] || t.core[prev] !== t.core[i];
    if (newSocket) sockets.push(socket = []);
    if (newCore) socket.push(core = []);
    core.push(cpuId);
    if (cpuSocket.has(cpuId)) throw new NodeRecordError(`system.cpu.topology lists CPU ${cpuId} twice`);
    const si = sockets.length - 1;
    cpuSocket.set(cpuId, si);
    const node = t.node[i]!;
    cpuNuma.set(cpuId, node);
    if (node >= 0) {
      let c = numaCpus.get(node);
      if (!c) numaCpus.set(node, c = new Map());
      c.set(si, (c.get(si) ?? 0) + 1);
    }
  }
  return { sockets, cpuSocket, numaCpus, cpuNuma, real: true };
}

/**
 * compspec-go's files only say how many logical CPUs (`system.cpu.cores`) and
 * sockets (`nfd.cpu.topology.socket_count`) there are: spread the CPUs over the
 * sockets as evenly as possible (5 on 2 is 3 + 2), one PU per core. Fewer CPUs
 * than sockets is inconsistent data and an error.
 */
export function countLayout(cores: string, socketCount: string | undefined): Layout {
  const key = `c${cores}\n${socketCount ?? ""}`;
  return layouts.get(key) ?? layouts.intern(key, spreadLayout(cores, socketCount));
}

/** {@linkcode countLayout}, made. */
function spreadLayout(cores: string, socketCount: string | undefined): Layout {
  const n = int(cores, keyPath("system", "cpu", CPU_KEY.cores));
  if (n === 0) throw new NodeRecordError("the node has zero CPUs (system.cpu.cores is 0)");
  const s = socketCount === undefined ? 1 : int(socketCount, keyPath("nfd", "cpu", NFD_KEY.socketCount));
  if (s === 0) throw new NodeRecordError("nfd.cpu.topology.socket_count is 0");
  if (n < s) {
    throw new NodeRecordError(
      `fewer cores than sockets: system.cpu.cores is ${n} but nfd.cpu.topology.socket_count is ${s}`,
    );
  }
  if (n > 1 << 20) throw new NodeRecordError(`system.cpu.cores is ${n}: too many`);
  const sockets: number[][][] = [];
  const cpuSocket = new Map<number, number>();
  let next = 0;
  for (let i = 0; i < s; i++) {
    const count = Math.floor(n / s) + (i < n % s ? 1 : 0);
    const socket: number[][] = [];
    for (let j = 0; j < count; j++) {
      cpuSocket.set(next, i);
      socket.push([next++]);
    }
    sockets.push(socket);
  }
  return { sockets, cpuSocket, numaCpus: new Map(), real: false };
}

/** The socket that holds most of a NUMA node's CPUs (lowest index on a tie), or -1. */
export function numaSocket(layout: Layout, mem: SectionData | undefined, numa: number): number {
  let counts = layout.numaCpus.get(numa);
  const list = mem?.[MEMORY_KEY.numaCpus(numa)];
  if (!counts && list !== undefined) {
    const made = new Map<number, number>();
    for (const c of cpuList(list, keyPath("system", "memory", MEMORY_KEY.numaCpus(numa)))) {
      const s = layout.cpuSocket.get(c);
      if (s !== undefined) made.set(s, (made.get(s) ?? 0) + 1);
    }
    counts = made;
  }
  let best = -1;
  let bestCount = 0;
  for (const [s, n] of counts ?? []) {
    if (n > bestCount || (n === bestCount && s < best)) {
      best = s;
      bestCount = n;
    }
  }
  return best;
}
