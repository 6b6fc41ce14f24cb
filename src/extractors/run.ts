/**
 * Running selected extractors into a node file, with compspec-go's
 * `--allow-fail` semantics: a section that cannot be read is an error, or an
 * empty section plus a warning.
 *
 * @module
 */
import { HostError } from "../host/host.ts";
import type { NodeFile } from "../node/schema.ts";
import type { Selection } from "./selection.ts";
import { type DiscoverContext, ExtractError, type Extractor, type Section } from "./types.ts";

/** A section that failed, and why. */
export interface SectionFailure {
  extractor: string;
  section: string;
  message: string;
}

/** Result of {@linkcode runSelections}. */
export interface RunResult {
  results: NodeFile["results"];
  failures: SectionFailure[];
  /** Files a section could not parse and went on without (`message` names the file). */
  warnings: SectionFailure[];
}

/**
 * Discover every selected section. Failures are collected, not thrown: the caller
 * decides (error without `--allow-fail`, warning with it). A failed section is `{}`.
 * Warnings (a file that could not be parsed, whose values are left out) never fail anything.
 */
export function runSelections(ctx: DiscoverContext, selections: readonly Selection[]): RunResult {
  const results: NodeFile["results"] = {};
  const failures: SectionFailure[] = [];
  const warnings: SectionFailure[] = [];
  // Several sections read the same files: a file left out is reported once, by the first.
  const warned = new Set<string>();
  for (const { extractor, sections } of selections) {
    const out: Record<string, Section> = {};
    for (const section of sections) {
      const warn = (message: string) => {
        if (warned.has(message)) return;
        warned.add(message);
        warnings.push({ extractor: extractor.name, section, message });
      };
      try {
        out[section] = discoverSection(extractor, section, { ...ctx, warn });
      } catch (e) {
        if (!(e instanceof HostError || e instanceof ExtractError)) throw e;
        failures.push({ extractor: extractor.name, section, message: e.message });
        out[section] = {};
      }
    }
    results[extractor.name] = { sections: out };
  }
  return { results, failures, warnings };
}

/** Discover `extractor`'s section `name`; an unknown name is an {@linkcode ExtractError}. */
export function discoverSection(extractor: Extractor, name: string, ctx: DiscoverContext): Section {
  const section = extractor.sections.find((s) => s.name === name);
  if (!section) throw new ExtractError(`${extractor.name} has no section ${JSON.stringify(name)}`);
  return section.discover(ctx);
}
