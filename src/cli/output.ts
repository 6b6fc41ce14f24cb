/**
 * What the CLI writes: data to stdout, messages to stderr, and its error type.
 * Output files are written through `src/util/atomic_file.ts` (re-exported here
 * for the commands); its {@linkcode OutputError}s become {@linkcode CliError}s
 * through {@linkcode asCliError}.
 *
 * @module
 */
import { errorCode, systemErrorText } from "../util/errors.ts";
import { ensureDirectory, isDirectory, OutputError, refusePlantedLink } from "../util/output_target.ts";
import { escapeControlLines } from "../util/escape_control.ts";
import { namedError } from "../util/named_error.ts";
import { writeFileAtomic } from "../util/atomic_file.ts";
import { currentIo } from "./io.ts";

export { AtomicFile, writeFileAtomic } from "../util/atomic_file.ts";
export { errorCode, systemErrorText } from "../util/errors.ts";
export { checkOutput, ensureDirectory, isDirectory, OutputError, type OutputOptions, type OutputTarget, resolveOutput } from "../util/output_target.ts";

/** A failure the user caused or must fix; `main` prints it and exits with `exitCode`. */
export class CliError extends namedError("CliError") {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** A lower layer's error the user must act on (an output that cannot be written) as a {@linkcode CliError}; others as they are. */
export function asCliError(e: unknown): unknown {
  return e instanceof OutputError ? new CliError(e.message) : e;
}

/** Usage error (bad flags): exit code 2, like most Unix tools. */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}

/**
 * Write data to stdout, completely, before returning. A reader that went away
 * (`compspec … | head`) ends the process quietly, as Unix tools do; any other
 * failure is a {@linkcode CliError} (`cannot write to standard output: no space left on device`).
 */
export function writeStdout(text: string | Uint8Array): void {
  try {
    currentIo().writeStdout(text);
  } catch (e) {
    if (errorCode(e) === "EPIPE") currentIo().exit(0);
    throw new CliError(`cannot write to standard output: ${systemErrorText(e)}`);
  }
}

/** Write text to stderr, completely; a failure is dropped (there is nowhere left to report it). */
export function writeStderr(text: string): void {
  try {
    currentIo().writeStderr(text);
  } catch { /* stderr closed or full */ }
}

/** Whether to colour text written to stderr. */
export function useColor(): boolean {
  const io = currentIo();
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return io.stdoutIsTTY && io.stderrIsTTY;
}

function paint(code: string, text: string): string {
  return useColor() ? `\x1b[${code}m${text}\x1b[0m` : text;
}

// Messages quote files, node files and registries: their control characters are
// escaped (#21), so only compspec's own colour codes reach the terminal.

/** A warning on stderr. */
export function warn(message: string): void {
  writeStderr(`${paint("33", "compspec: warning:")} ${escapeControlLines(message)}\n`);
}

/** An error message on stderr (does not exit). */
export function printError(message: string): void {
  writeStderr(`${paint("31", "compspec: error:")} ${escapeControlLines(message)}\n`);
}

/** An informational line on stderr. */
export function info(message: string): void {
  writeStderr(`${escapeControlLines(message)}\n`);
}

/**
 * A command's whole result to `--out FILE` or, without one, to stdout. The
 * file is written atomically (a FIFO or device in place); an existing regular
 * file is replaced only when `force` (`--force`, see force_option.ts). Every
 * command writes its output files through here or through `AtomicFile` /
 * `writeFileAtomic` with the same `force`.
 */
export function writeResult(out: string | undefined, data: string | Uint8Array, force: boolean): void {
  if (out === undefined) writeStdout(data);
  else writeFileAtomic(out, data, force);
}

/**
 * Whether `--out PATH` names a folder: an existing directory, or a path ending
 * in `/`. A missing folder ending in `/` is created when `create` is set (every
 * node may write into a fresh shared folder), else it is an error. Throws {@linkcode CliError} or {@linkcode OutputError}.
 */
export function outIsDirectory(out: string, create = false): boolean {
  refusePlantedLink(out);
  if (isDirectory(out)) return true;
  if (!out.endsWith("/")) return false;
  if (!create) throw new CliError(`--out ${out}: directory does not exist`);
  ensureDirectory(out);
  return true;
}
