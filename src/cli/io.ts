/**
 * Where the CLI's output goes and its input comes from: the process's own
 * streams, or those a caller hands to `main(argv, io)` (tests run commands in
 * process and read what they wrote). Every write, exit, stdin read and
 * environment lookup of `src/cli/` goes through {@linkcode currentIo}.
 *
 * The io in force follows the async calls of one `main` run
 * (`AsyncLocalStorage`), so runs awaited side by side each write to their own.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import process from "node:process";
import { writeAllSync } from "../util/atomic_file.ts";
import { readBoundedStdin } from "../util/read_small_file.ts";

/** What a CLI run writes to, reads from and exits through. */
export interface CliIo {
  /** Write data to standard output, completely; throws on failure (`EPIPE` included). */
  writeStdout(data: string | Uint8Array): void;
  /** Write text to standard error, completely; may throw (callers drop the failure). */
  writeStderr(text: string): void;
  /** End the run with `code` (a closed stdout pipe: `compspec … | head`). */
  exit(code: number): never;
  /** Standard input, at most `maxBytes + 1` bytes read (so a caller can tell "too large"). */
  readStdin(maxBytes: number): Uint8Array;
  /** The environment the run sees. */
  readonly env: Record<string, string | undefined>;
  /** Whether standard output / standard error are terminals (colour, progress lines). */
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** The process's own streams, exit and environment. */
export const processIo: CliIo = {
  writeStdout: (data) => writeAllSync(1, data),
  writeStderr: (text) => writeAllSync(2, text),
  exit: (code) => process.exit(code),
  readStdin: (maxBytes) => readBoundedStdin(maxBytes),
  get env() {
    return process.env;
  },
  get stdoutIsTTY() {
    return Boolean(process.stdout.isTTY);
  },
  get stderrIsTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

/**
 * Thrown by an in-process io's `exit`: `main` ends the run with `code`
 * instead of ending the process.
 */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = "ExitRequest";
  }
}

const storage = new AsyncLocalStorage<CliIo>();

/** The io of the run in progress ({@linkcode processIo} outside `main`). */
export function currentIo(): CliIo {
  return storage.getStore() ?? processIo;
}

/** Run `fn` with `io` as {@linkcode currentIo}, for it and everything it awaits. */
export function withIo<T>(io: CliIo, fn: () => T): T {
  return storage.run(io, fn);
}
