/** `compspec extract`: describe this node (or a saved root) as a node file. @module */
import * as nodePath from "node:path";
import { EXTRACTORS } from "../extractors/registry.ts";
import { runSelections, type SectionFailure } from "../extractors/run.ts";
import { parseSelections, SelectionError } from "../extractors/selection.ts";
import type { Host } from "../host/host.ts";
import { detectHostname } from "../host/identity.ts";
import { openHost } from "../host/open_host.ts";
import { sectionName } from "../node/failed_sections.ts";
import { hostnameProblem } from "../node/hostname.ts";
import type { NodeFile } from "../node/schema.ts";
import { stableJson } from "../util/stable_json.ts";
import { VERSION } from "../util/version.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { discoverContext } from "./extract_sections.ts";
import { checkFolderOutput, FORCE_OPTION, forceOf } from "./force_option.ts";
import { checkOutput, CliError, outIsDirectory, usageError, warn, writeFileAtomic, writeStdout } from "./output.ts";
import { errorMessage } from "../util/errors.ts";

/** `compspec extract`, declared: options and help. */
export const EXTRACT = defineCommand({
  name: "extract",
  options: {
    name: { type: "string", multiple: true, short: "n", value: "NAME[SEC,...]", help: ["extractor, optionally with sections (repeatable; default: all)"] },
    out: { type: "string", short: "o", value: "PATH", help: ["write FILE atomically (a FIFO or device is written in", "place); an existing directory, or PATH ending in /", "(created if missing), gets DIR/<hostname>.json"] },
    "allow-fail": { type: "boolean", short: "f", help: ["a section that can't be read is left empty with a warning,", "and named in the file's \"compspec\": {\"failed\": [...]}"] },
    root: { type: "string", value: "DIR", help: ["read /proc, /sys, /etc under DIR (or a snapshot file)"] },
    hostname: { type: "string", value: "NAME", help: ["use NAME instead of the detected hostname"] },
    ...FORCE_OPTION,
  },
  help: [
    `Usage: compspec extract [-n|--name NAME[SEC,...]]... [-o|--out PATH] [-f|--allow-fail]
                        [--root DIR|SNAPSHOT] [--hostname NAME] [--force]`,
    `Describe this node: run extractors and print (or write) a node file.`,
    { title: "Options", options: ["name", "out", "allow-fail", "root", "hostname", "force", "help"], column: 28 },
    `Size: a node file is about 185 KB with every section on a Debian kernel, and
three sections make up 95% of it: nfd[kernel] (~60 KB: every kconfig option
and module) and kernel[config] (~60 KB: the same build configuration) and
kernel[modules] (~20 KB). Every other section is under 4 KB. Without those
three (but nfd's kernel version and kconfig rules are then unknown to check):
  compspec extract --name kernel[boot] --name system --name library \\
      --name nfd[cpu,local,memory,network,pci,storage,system,usb]    # ~13 KB`,
    `Examples:
  compspec extract --name library --name nfd[cpu,memory,network,storage,system] \\
      --name system[cpu,processor,arch,memory] --out /shared/cluster/
  srun -N 512 compspec extract --out /shared/cluster/
  compspec list             # every extractor and section`,
  ],
});

/** Options for {@linkcode buildNodeFile}. */
export interface BuildNodeFileOptions {
  names: string[];
  allowFail: boolean;
  hostname?: string;
}

/**
 * Run the selected extractors against `host`; returns the node file and the
 * warnings to print (files left out, then, with `allowFail`, failed sections).
 * Throws {@linkcode CliError} when a section fails without `allowFail`.
 */
export function buildNodeFile(host: Host, opts: BuildNodeFileOptions): { file: NodeFile; warnings: string[] } {
  let selections;
  try {
    selections = parseSelections(opts.names, EXTRACTORS);
  } catch (e) {
    if (e instanceof SelectionError) throw usageError(e.message);
    throw e;
  }
  const { results, failures, warnings } = runSelections(discoverContext(host), selections);
  const say = (f: SectionFailure) => `${f.extractor}[${f.section}]: ${f.message}`;
  const messages = failures.map(say);
  if (failures.length > 0 && !opts.allowFail) {
    for (const w of warnings) warn(say(w));
    throw new CliError(
      `cannot extract from ${host.description}:\n  ${messages.join("\n  ")}\n(use --allow-fail to leave these sections empty)`,
    );
  }
  const hostname = opts.hostname ?? detectHostname(host) ?? "";
  // The empty sections say nothing about the node: the file records which they are, so readers answer "unknown".
  const failed = failures.map((f) => ({ section: sectionName(f.extractor, f.section), error: f.message }));
  const compspec = { version: VERSION, hostname, ...(failed.length > 0 ? { failed } : {}) };
  return { file: { compspec, results }, warnings: [...warnings.map(say), ...messages] };
}

/** Run `compspec extract`. */
export async function extractCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(EXTRACT, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  if (values.hostname !== undefined) {
    const problem = hostnameProblem(values.hostname);
    if (problem) throw usageError(`--hostname ${JSON.stringify(values.hostname)} cannot be used: ${problem}`);
  }
  // Resolve the output path before the (possibly slow) extraction, so a typo fails fast.
  const out = values.out;
  const force = forceOf(values);
  const outIsDir = out !== undefined && outIsDirectory(out, true);
  if (out !== undefined && !outIsDir) checkOutput(out, { force, option: "--out" });
  let host: Host;
  try {
    host = await openHost(values.root);
  } catch (e) {
    throw new CliError(errorMessage(e));
  }
  if (outIsDir) checkFolderOutput(out, values.hostname ?? detectHostname(host), ".json", force);
  const { file, warnings } = buildNodeFile(host, {
    names: values.name ?? [],
    allowFail: values["allow-fail"] ?? false,
    hostname: values.hostname,
  });
  for (const w of warnings) warn(w);
  // The machine's own name reaches node files, graphs and Slurm/Flux configs: refuse one that is no host name.
  const named = file.compspec?.hostname ?? "";
  const bad = named === "" ? undefined : hostnameProblem(named);
  if (bad && values.hostname === undefined) {
    throw new CliError(`${host.description}: hostname ${JSON.stringify(named)} cannot be used: ${bad}; pass --hostname NAME`);
  }
  const text = stableJson(file) + "\n";
  if (out === undefined) {
    writeStdout(text);
    return 0;
  }
  let target = out;
  if (outIsDir) {
    const hostname = file.compspec?.hostname ?? "";
    const problem = hostnameProblem(hostname);
    if (problem) {
      throw new CliError(
        `cannot name the node file after hostname ${JSON.stringify(hostname)}: ${problem}; pass --hostname NAME`,
      );
    }
    target = nodePath.join(out, `${hostname}.json`);
  }
  writeFileAtomic(target, text, force);
  return 0;
}

