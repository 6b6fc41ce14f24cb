/**
 * A node's CPU layout as one short string: sockets → NUMA domains → cores →
 * hardware threads (PUs, by the kernel's CPU number). Identical nodes have
 * identical strings, so 10,000 nodes keep one copy (see {@linkcode internLayout})
 * and grouping compares strings, not trees.
 *
 * Text form: sockets joined by `|`; a socket's NUMA domains joined by `;`, each
 * `<numa id>:` (`?` when unknown) then its cores joined by `,`; a core's PUs
 * joined by `+`. Two sockets with one NUMA node each, two cores of two threads:
 * `0:0+2,1+3|1:4+6,5+7`.
 *
 * @module
 */
import { countOf } from "../util/plural.ts";
import { BoundedCache } from "../util/caches.ts";

/** One NUMA domain of a socket: the NUMA node id (-1: unknown) and its cores, each a list of PU numbers. */
export interface NumaDomain {
  numa: number;
  cores: (readonly number[])[];
}

/** Sockets, each a list of NUMA domains. */
export type CpuLayout = NumaDomain[][];

/** The layout as text (see the module doc). */
export function encodeLayout(layout: CpuLayout): string {
  return layout.map((socket) =>
    socket.map((d) => `${d.numa < 0 ? "?" : d.numa}:${d.cores.map((c) => c.join("+")).join(",")}`).join(";")
  ).join("|");
}

/** The layout back from {@linkcode encodeLayout}'s text. */
export function decodeLayout(text: string): CpuLayout {
  if (text === "") return [];
  return text.split("|").map((socket) =>
    socket.split(";").map((domain) => {
      const colon = domain.indexOf(":");
      const id = domain.slice(0, colon);
      const body = domain.slice(colon + 1);
      return {
        numa: id === "?" ? -1 : Number(id),
        cores: body === "" ? [] : body.split(",").map((c) => c.split("+").map(Number)),
      };
    })
  );
}

const interned = new BoundedCache<string, string>("describe.layoutText", 4096);

/** One shared copy of each distinct layout string (identical nodes then cost one string, not thousands). */
export function internLayout(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  interned.set(text, text);
  return text;
}

/** Counts that describe a layout's shape, whatever the CPU numbers. */
export interface LayoutShape {
  /** Cores per socket. */
  socketCores: number[];
  /** Per socket, the core counts of its NUMA domains. */
  domainCores: number[][];
  /** Hardware threads per core, as runs in core order: `[[32, 2]]` is 32 cores of 2 threads. */
  threadRuns: [number, number][];
  sockets: number;
  cores: number;
  pus: number;
  /** The most threads on one core. */
  maxThreads: number;
  /** Key of the CPU shape (sockets, cores, threads), for grouping. */
  cpuKey: string;
  /** Key of how many NUMA domains each socket has, for grouping (a core offline changes the CPU shape only). */
  numaKey: string;
}

const shapes = new BoundedCache<string, LayoutShape>("describe.layoutShapes", 4096);

/** The shape of a layout string (computed once per distinct string). */
export function layoutShape(text: string): LayoutShape {
  const known = shapes.get(text);
  if (known) return known;
  const layout = decodeLayout(text);
  const socketCores: number[] = [];
  const domainCores: number[][] = [];
  const threadRuns: [number, number][] = [];
  let cores = 0;
  let pus = 0;
  let maxThreads = 0;
  const socketThreadKeys: string[] = [];
  for (const socket of layout) {
    let n = 0;
    const runs: [number, number][] = [];
    for (const d of socket) {
      for (const c of d.cores) {
        n++;
        pus += c.length;
        maxThreads = Math.max(maxThreads, c.length);
        const last = runs[runs.length - 1];
        if (last && last[1] === c.length) last[0]++;
        else runs.push([1, c.length]);
      }
    }
    for (const r of runs) {
      const last = threadRuns[threadRuns.length - 1];
      if (last && last[1] === r[1]) last[0] += r[0];
      else threadRuns.push([r[0], r[1]]);
    }
    socketThreadKeys.push(runs.map(([k, t]) => `${k}x${t}`).join("+"));
    socketCores.push(n);
    domainCores.push(socket.map((d) => d.cores.length));
    cores += n;
  }
  const shape: LayoutShape = {
    socketCores,
    domainCores,
    threadRuns,
    sockets: layout.length,
    cores,
    pus,
    maxThreads,
    cpuKey: socketThreadKeys.join("|"),
    numaKey: domainCores.map((d) => d.length).join("|"),
  };
  shapes.set(text, shape);
  return shape;
}

/** The CPU numbers of a layout, ascending. */
export function layoutCpus(text: string): number[] {
  return decodeLayout(text).flatMap((s) => s.flatMap((d) => d.cores.flat())).sort((a, b) => a - b);
}


/**
 * The CPU shape in words: `2 sockets × 32 cores × 2 threads = 128 PUs` when
 * every socket and core is alike, else the counts with what differs
 * (`3 sockets (4+2+2 cores), 8 cores, 8 PUs`).
 */
export function describeCpuShape(shape: LayoutShape): string {
  const evenSockets = shape.socketCores.every((n) => n === shape.socketCores[0]);
  const evenThreads = shape.threadRuns.length === 1;
  if (shape.sockets > 0 && evenSockets && evenThreads) {
    return `${countOf(shape.sockets, "socket")} × ${countOf(shape.socketCores[0]!, "core")} × ${
      countOf(shape.maxThreads, "thread")
    } = ${countOf(shape.pus, "PU")}`;
  }
  const parts = [countOf(shape.sockets, "socket") + (evenSockets ? "" : ` (${shape.socketCores.join("+")} cores)`)];
  parts.push(
    countOf(shape.cores, "core") +
      (evenThreads ? "" : ` (${shape.threadRuns.map(([n, t]) => `${n}×${countOf(t, "thread")}`).join(" + ")})`),
  );
  parts.push(countOf(shape.pus, "PU"));
  return parts.join(", ");
}

/**
 * How the NUMA nodes sit, in words: `4 NUMA nodes (2 per socket)`, `1 NUMA
 * node`, or per socket when uneven. `withoutCpus` counts memory-only NUMA nodes.
 */
export function describeNuma(shape: LayoutShape, numaNodes: number, withoutCpus: number): string {
  const perSocket = shape.domainCores.map((d) => d.length);
  let text = countOf(numaNodes, "NUMA node");
  if (shape.sockets > 1 && numaNodes - withoutCpus > 0) {
    text += perSocket.every((n) => n === perSocket[0]) ? ` (${perSocket[0]} per socket)` : ` (${perSocket.join("+")} by socket)`;
  }
  if (withoutCpus > 0) text += `, ${withoutCpus} without CPUs`;
  return text;
}
