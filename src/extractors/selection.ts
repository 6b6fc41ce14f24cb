/**
 * Parsing `--name NAME[SEC,...]` the way compspec-go does: the extractor name,
 * then optional comma-separated sections in brackets; order is kept; no
 * sections means all of them; no `--name` at all means every extractor.
 *
 * @module
 */
import type { Extractor } from "./types.ts";
import { namedError } from "../util/named_error.ts";

/** One extractor and the sections to run, in order. */
export interface Selection {
  extractor: Extractor;
  sections: string[];
}

/** A `--name` value that names no extractor or section; the message lists the valid ones. */
export class SelectionError extends namedError("SelectionError") {}

const NAME_PATTERN = /^\s*([A-Za-z0-9_-]+)\s*(?:\[([^\]]*)\])?\s*$/;

/** Turn `--name` values into selections against `extractors`. */
export function parseSelections(names: readonly string[], extractors: readonly Extractor[]): Selection[] {
  if (names.length === 0) {
    return extractors.map((extractor) => ({ extractor, sections: extractor.sections.map((s) => s.name) }));
  }
  const out: Selection[] = [];
  for (const raw of names) {
    const m = NAME_PATTERN.exec(raw);
    if (!m) {
      throw new SelectionError(`cannot parse --name ${JSON.stringify(raw)}: expected NAME or NAME[SECTION,...]`);
    }
    const name = m[1]!;
    const extractor = extractors.find((e) => e.name === name);
    if (!extractor) {
      throw new SelectionError(
        `unknown extractor ${JSON.stringify(name)}; valid extractors: ${extractors.map((e) => e.name).join(", ")}`,
      );
    }
    const valid = extractor.sections.map((s) => s.name);
    const wanted = m[2] === undefined ? valid : m[2].split(",").map((s) => s.trim());
    // "system[]" or "system[cpu,]" is a slip, not "no sections": say so rather than write empty results.
    if (wanted.includes("")) {
      throw new SelectionError(
        `--name ${JSON.stringify(raw)} has an empty section name; write ${name} for all sections, or ${name}[SECTION,...] with sections from: ${valid.join(", ")}`,
      );
    }
    for (const section of wanted) {
      if (!valid.includes(section)) {
        throw new SelectionError(
          `unknown section ${JSON.stringify(section)} of extractor ${name}; valid sections: ${valid.join(", ")}`,
        );
      }
    }
    // Naming an extractor twice adds its sections, keeping first-seen order.
    const existing = out.find((s) => s.extractor === extractor);
    if (existing) {
      for (const s of wanted) if (!existing.sections.includes(s)) existing.sections.push(s);
    } else {
      out.push({ extractor, sections: [...new Set(wanted)] });
    }
  }
  return out;
}
