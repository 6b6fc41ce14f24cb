/** Shared helpers for the nfd tests: run one nfd section against a fixture root. */
import * as path from "node:path";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { nfdExtractor } from "../../src/extractors/nfd/mod.ts";
import type { Section } from "../../src/extractors/types.ts";
import { FIXTURES } from "../util/fixtures.ts";
import { discoverSection } from "../../src/extractors/run.ts";

/** Path of a hand-made root under fixtures/nfd. */
export function nfdRoot(name: string): string {
  return path.join(FIXTURES, "nfd", name);
}

/** Discover `nfd[section]` on a machine root. */
export function nfdSection(root: string, section: string, env: Record<string, string> = {}): Section {
  return discoverSection(nfdExtractor, section, { host: new DirectoryHost(root), env });
}

/** Keys of a section under `prefix.` (e.g. all `cpuid.` keys), without the prefix, sorted. */
export function keysUnder(section: Section, prefix: string): string[] {
  return Object.keys(section).filter((k) => k.startsWith(prefix + ".")).map((k) => k.slice(prefix.length + 1)).sort();
}
