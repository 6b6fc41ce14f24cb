/**
 * Run compspec in this test process through `main(argv, io)`: the output,
 * exit code, standard input and environment are the run's own, as a
 * subprocess would see them, without paying for a process per case. Tests of
 * the binary itself (start-up, signals, real pipes) still spawn one
 * (`runCli` in test/util/fixtures.ts).
 */
import { type CliIo, ExitRequest } from "../../src/cli/io.ts";
import { main } from "../../src/main.ts";
import type { CliRun } from "../util/fixtures.ts";

/** What a run sees besides its arguments. */
export interface InProcessOptions {
  /** Added to (and overriding) this process's environment; NO_COLOR=1 is always set. */
  env?: Record<string, string>;
  /** Standard input; none (empty) when left out. */
  input?: string;
}

/** `compspec ARGS`, in process; resolves to its exit status and what it wrote. */
export async function runInProcess(args: string[], opts: InProcessOptions = {}): Promise<CliRun> {
  const out: Uint8Array[] = [];
  let err = "";
  const input = new TextEncoder().encode(opts.input ?? "");
  const io: CliIo = {
    writeStdout: (data) => {
      out.push(typeof data === "string" ? new TextEncoder().encode(data) : data.slice());
    },
    writeStderr: (text) => {
      err += text;
    },
    exit: (code) => {
      throw new ExitRequest(code);
    },
    // As a pipe: at most maxBytes + 1 bytes, so the reader can tell "too large".
    readStdin: (maxBytes) => input.slice(0, maxBytes + 1),
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const status = await main(args, io);
  return { status, stdout: new TextDecoder().decode(concat(out)), stderr: err };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return all;
}
