/**
 * Built-in modules that cost start-up time (node:zlib ≈ 2.5 ms, node:child_process
 * ≈ 1.3 ms in the compiled binary) are loaded on first use, synchronously, with
 * `process.getBuiltinModule` (Bun, Deno and Node ≥ 22.3), instead of at import.
 *
 * @module
 */
import process from "node:process";

type Zlib = typeof import("node:zlib");
type ChildProcess = typeof import("node:child_process");
type Os = typeof import("node:os");

/** node:zlib, loaded on first call. */
export function zlib(): Zlib {
  return process.getBuiltinModule("node:zlib") as Zlib;
}

/** node:os, loaded on first call (≈ 2 MiB of resident memory in the compiled binary). */
export function nodeOs(): Os {
  return process.getBuiltinModule("node:os") as Os;
}

/** node:child_process, loaded on first call. */
export function childProcess(): ChildProcess {
  return process.getBuiltinModule("node:child_process") as ChildProcess;
}
