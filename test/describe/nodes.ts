/**
 * Node files for describe/diff tests: the realistic node (fixtures/nodes/realistic:
 * 2 sockets × 32 cores × 2 threads, 4 NUMA nodes, 4 H100, 503 GiB) under any
 * hostname, with the changes a real cluster sees (a DIMM or GPU missing, CPUs
 * offline, a kernel or MPI upgrade).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type NodeSummary, summarizeNodeFile } from "../../src/describe/node_summary.ts";
import type { NodeFile } from "../../src/node/schema.ts";
import { FIXTURES } from "../util/fixtures.ts";

const REAL = fs.readFileSync(path.join(FIXTURES, "nodes/realistic/gpu17.json"), "utf8");
const GO = fs.readFileSync(path.join(FIXTURES, "compspec-go/node-extract-example.json"), "utf8");

/** A change to a node file. */
export type Mutation = (f: NodeFile) => void;

function sections(f: NodeFile, extractor: string): Record<string, Record<string, string>> {
  f.results[extractor] ??= { sections: {} };
  return f.results[extractor]!.sections;
}

/** The realistic node as `hostname`, with `changes` applied; kernel 5.14.0-427 unless changed. */
export function realFile(hostname: string, ...changes: Mutation[]): NodeFile {
  const f = JSON.parse(REAL) as NodeFile;
  f.compspec!.hostname = hostname;
  sections(f, "nfd").kernel = { "version.full": "5.14.0-427.13.1.el9_4.x86_64" };
  for (const c of changes) c(f);
  return f;
}

/** compspec-go's example node (CPU count only) named `hostname` through its file name. */
export function goFile(): NodeFile {
  return JSON.parse(GO) as NodeFile;
}

/** MemTotal lowered by `kib`, taken evenly from the NUMA nodes (as missing DIMMs do). */
export function lessMemory(kib: number): Mutation {
  return (f) => {
    const mem = sections(f, "system").memory!;
    const less = (key: string, by: number) => {
      mem[key] = `${Number(mem[key]!.split(" ")[0]) - by} kB`;
    };
    less("memtotal", kib);
    const numa = Object.keys(mem).filter((k) => /^numa\.\d+\.memtotal$/.test(k));
    for (const k of numa) less(k, Math.floor(kib / numa.length));
  };
}

/** GPU `index` gone (the others keep their indexes, renumbered down as the extractor would). */
export function withoutGpu(index: number): Mutation {
  return (f) => {
    const gpu = sections(f, "system").gpu!;
    const count = Number(gpu.count);
    const kept: Record<string, string> = { count: String(count - 1) };
    for (let i = 0, j = 0; i < count; i++) {
      if (i === index) continue;
      for (const [k, v] of Object.entries(gpu)) if (k.startsWith(`${i}.`)) kept[`${j}.${k.slice(`${i}.`.length)}`] = v;
      j++;
    }
    sections(f, "system").gpu = kept;
  };
}

/** Logical CPUs `cpus` offline (gone from the topology, as sysfs lists online CPUs only). */
export function offline(...cpus: number[]): Mutation {
  return (f) => {
    const cpu = sections(f, "system").cpu!;
    cpu.topology = cpu.topology!.split(" ").filter((e) => !cpus.includes(Number(e.split(":")[0]))).join(" ");
  };
}

/** Kernel release `release`. */
export function kernel(release: string): Mutation {
  return (f) => {
    sections(f, "nfd").kernel = { "version.full": release };
  };
}

/** MPI `variant` `version`. */
export function mpi(variant: string, version: string): Mutation {
  return (f) => {
    sections(f, "library").mpi = { variant, version };
  };
}

/** The summary `describe` keeps of a node file. */
export function summary(f: NodeFile, fallback = "node"): NodeSummary {
  return summarizeNodeFile(f, fallback);
}

/** A temporary folder (made by `newDir`) holding `files` as `<hostname>.json` (or the given names). */
export function nodeDir(files: NodeFile[] | Record<string, NodeFile | string>, newDir: (prefix?: string) => string): string {
  const d = newDir("compspec-describe-");
  const entries = Array.isArray(files) ? files.map((f) => [`${f.compspec!.hostname}.json`, f] as const) : Object.entries(files);
  for (const [name, f] of entries) fs.writeFileSync(path.join(d, name), typeof f === "string" ? f : JSON.stringify(f));
  return d;
}

/** `gpu001` … with `width` digits. */
export function host(i: number, prefix = "gpu", width = 3): string {
  return `${prefix}${String(i).padStart(width, "0")}`;
}
