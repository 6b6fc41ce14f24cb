/**
 * Extract named sections in-process (`extract`, `check`, `create artifact`): the same
 * extractors as `compspec extract`, with the running machine's environment and
 * helper programs only when the host is the running machine.
 *
 * @module
 */
import { EXTRACTORS } from "../extractors/registry.ts";
import { type RunResult, runSelections } from "../extractors/run.ts";
import { parseSelections } from "../extractors/selection.ts";
import { makeCommandRunner } from "../host/command.ts";
import type { DiscoverContext } from "../extractors/types.ts";
import type { Host } from "../host/host.ts";
import { currentIo } from "./io.ts";
import { warn } from "./output.ts";

/**
 * What extractors run with on `host`: the running machine's environment and its
 * helper programs (mpirun …) only when the host is the running machine; a saved
 * root gets neither.
 */
export function discoverContext(host: Host): DiscoverContext {
  const env = host.live ? { ...currentIo().env } : {};
  return { host, env, run: host.live ? makeCommandRunner(env) : undefined };
}

/**
 * Run the sections `names` (`--name` syntax: `nfd[cpu,kernel]`) on `host`;
 * failed sections are listed, not thrown. A file a section could not parse
 * (its values left out) is warned about here, as `extract` does.
 */
export function extractSections(host: Host, names: readonly string[]): RunResult {
  if (names.length === 0) return { results: {}, failures: [], warnings: [] };
  const result = runSelections(discoverContext(host), parseSelections(names, EXTRACTORS));
  for (const w of result.warnings) warn(`${w.extractor}[${w.section}]: ${w.message}`);
  return result;
}
