/**
 * `compspec snapshot`: run every extractor against a recording host and save
 * exactly the files they read (and the paths they found missing) as one
 * self-contained file that `--root FILE` reads back.
 *
 * @module
 */
import * as nodePath from "node:path";
import { detectHostname } from "../host/identity.ts";
import type { Host } from "../host/host.ts";
import { openHost } from "../host/open_host.ts";
import { RecordingHost } from "../host/recording_host.ts";
import { encodeSnapshot } from "../host/snapshot_format.ts";
import { hostnameProblem } from "../node/hostname.ts";
import { countOf } from "../util/plural.ts";
import { COMMIT, VERSION } from "../util/version.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { buildNodeFile } from "./extract.ts";
import { checkFolderOutput, FORCE_OPTION, forceOf } from "./force_option.ts";
import { checkOutput, CliError, info, outIsDirectory, usageError, warn, writeFileAtomic, writeStdout } from "./output.ts";
import { errorMessage } from "../util/errors.ts";

/** `compspec snapshot`, declared: options and help. */
export const SNAPSHOT = defineCommand({
  name: "snapshot",
  options: {
    out: { type: "string", short: "o", value: "FILE", required: true, help: ["write FILE (gzip-compressed when it ends in .gz); an existing", "directory, or a path ending in / (created if missing), gets", "DIR/<hostname>.snapshot.json.gz"] },
    "allow-fail": { type: "boolean", short: "f", help: ["save even when some sections cannot be read (with a warning each)"] },
    root: { type: "string", value: "DIR", help: ["snapshot a saved root directory (or another snapshot) instead of /"] },
    ...FORCE_OPTION,
  },
  help: [
    `Usage: compspec snapshot -o|--out FILE [--root DIR|SNAPSHOT] [-f|--allow-fail]
                         [--force]`,
    `Save the /proc, /sys and /etc files compspec reads into one file, to attach to a
bug report, archive, or extract from later with 'compspec extract --root FILE'.
Only what the extractors read is saved; secret paths (/etc/shadow, /etc/ssh,
/root, /home, private keys …) are never read.`,
    { title: "Options", options: ["out", "allow-fail", "root", "force", "help"], column: 22 },
    `Examples:
  compspec snapshot --out node17.snapshot.json.gz
  compspec extract --root node17.snapshot.json.gz`,
  ],
});

/** Run `compspec snapshot`. */
export async function snapshotCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SNAPSHOT, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const out = values.out;
  if (out === "") {
    throw usageError("snapshot: --out FILE is required (see 'compspec snapshot --help')");
  }
  const force = forceOf(values);
  const outIsDir = outIsDirectory(out, true);
  if (!outIsDir) checkOutput(out, { force, option: "--out" });

  let inner: Host;
  try {
    inner = await openHost(values.root);
  } catch (e) {
    throw new CliError(errorMessage(e));
  }
  // The name the snapshot gets below (the recording reads the same hostname files).
  if (outIsDir) checkFolderOutput(out, detectHostname(inner), ".snapshot.json.gz", force);
  // Record as a non-live host: extractors then read exactly what they will read
  // when the snapshot is replayed (files only; no environment, no helper programs).
  const recording = new RecordingHost(inner, { live: false });
  const { file, warnings } = buildNodeFile(recording, { names: [], allowFail: values["allow-fail"] ?? false });
  for (const w of warnings) warn(w);
  // The saved root's own hostname files, so a replay names the node as this machine does.
  const hostname = (inner.live ? detectHostname(inner) : undefined) ?? file.compspec?.hostname ?? "";

  let target = out;
  if (outIsDir) {
    const problem = hostnameProblem(hostname);
    if (problem) {
      throw new CliError(
        `cannot name the snapshot after hostname ${JSON.stringify(hostname)}: ${problem}; pass --out FILE`,
      );
    }
    target = nodePath.join(out, `${hostname}.snapshot.json.gz`);
  }
  const snapshot = recording.toSnapshot({
    compspec: { version: VERSION, commit: COMMIT },
    hostname,
    created: new Date().toISOString(),
  });
  const bytes = encodeSnapshot(snapshot, target.endsWith(".gz"));
  writeFileAtomic(target, bytes, force);
  info(`wrote ${target} (${countOf(Object.keys(snapshot.paths).length, "path")}, ${countOf(bytes.length, "byte")})`);
  return 0;
}
