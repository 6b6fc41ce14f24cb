/**
 * The command-line policy for reading a folder of node files, shared by every
 * command that reads one: a progress line on a terminal, and bad files either
 * all named with a failure (nothing written) or, with `--allow-fail`, skipped
 * with a warning each.
 *
 * @module
 */
import type { NodeFileReducer } from "../node/read_node_file.ts";
import { listNodeFiles, NodeDirError, readNodeFiles } from "../node/read_node_dir.ts";
import { countOf } from "../util/plural.ts";
import { currentIo } from "./io.ts";
import { CliError, printError, warn, writeStderr } from "./output.ts";

/** Options for {@linkcode loadNodeDir}. */
export interface LoadNodeDirOptions {
  /** Skip bad files with a warning instead of failing. */
  allowFail: boolean;
  /** Paths to leave out (the command's own output file). */
  exclude?: readonly string[];
  /** The option that named the folder, for messages (`--node-dir`). */
  option?: string;
}

/**
 * Read every node file of `dir`, each reduced with `reduce`; returns what was
 * kept of the good files, in file-name order. Throws {@linkcode CliError} (exit
 * 1) when the folder cannot be read, when a file is bad and `allowFail` is off
 * (after naming every bad file), or when no file is usable.
 */
export function loadNodeDir<T extends { hostname: string }>(
  dir: string,
  reduce: NodeFileReducer<T>,
  opts: LoadNodeDirOptions,
): T[] {
  const option = opts.option ?? "--node-dir";
  let paths: string[];
  try {
    paths = listNodeFiles(dir, opts.exclude);
  } catch (e) {
    if (e instanceof NodeDirError) throw new CliError(`${option} ${dir}: ${e.message}`);
    throw e;
  }
  const tty = currentIo().stderrIsTTY;
  let lastProgress = 0;
  const { good, bad } = readNodeFiles(paths, reduce, {
    onProgress: tty
      ? (done, total) => {
        if (done === total || Date.now() - lastProgress > 100) {
          lastProgress = Date.now();
          writeStderr(`\rcompspec: reading node files: ${done}/${total}\x1b[K`);
        }
      }
      : undefined,
  });
  if (tty) writeStderr("\r\x1b[K");
  if (bad.length > 0) {
    if (!opts.allowFail) {
      for (const b of bad) printError(`${b.file}: ${b.message}`);
      throw new CliError(
        `${bad.length} of ${countOf(paths.length, "node file")} in ${dir} cannot be used; ` +
          `nothing written (use --allow-fail to skip them)`,
      );
    }
    for (const b of bad) warn(`skipping ${b.file}: ${b.message}`);
  }
  if (good.length === 0) throw new CliError(`${option} ${dir}: no usable node files; nothing written`);
  return good.map((g) => g.value);
}
