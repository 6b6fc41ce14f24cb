/**
 * `--name NAME[SEC,...]` parsing (src/extractors/selection.ts), against two
 * made-up extractors, and the real registry's names.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { EXTRACTORS } from "../../src/extractors/registry.ts";
import { parseSelections, type Selection, SelectionError } from "../../src/extractors/selection.ts";
import type { Extractor } from "../../src/extractors/types.ts";

function extractor(name: string, sections: string[]): Extractor {
  return {
    name,
    description: `${name} things`,
    sections: sections.map((s) => ({ name: s, description: s, discover: () => ({}) })),
  };
}

const SYSTEM = extractor("system", ["cpu", "memory", "os"]);
const LIBRARY = extractor("library", ["mpi"]);
const ALL = [SYSTEM, LIBRARY];

/** Selections as `name[sections]` strings, for compact expectations. */
const shown = (s: Selection[]) => s.map((x) => `${x.extractor.name}[${x.sections.join(",")}]`);

function message(names: string[]): string {
  try {
    parseSelections(names, ALL);
  } catch (e) {
    expect(e).toBeInstanceOf(SelectionError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(names)}`);
}

describe("parseSelections", () => {
  test("no --name: every extractor, every section, in registry order", () => {
    expect(shown(parseSelections([], ALL))).toEqual(["system[cpu,memory,os]", "library[mpi]"]);
  });

  test("a bare name is all its sections; brackets choose and order them", () => {
    expect(shown(parseSelections(["library"], ALL))).toEqual(["library[mpi]"]);
    expect(shown(parseSelections(["system[os,cpu]"], ALL))).toEqual(["system[os,cpu]"]);
    expect(shown(parseSelections([" system [ os , cpu ] "], ALL))).toEqual(["system[os,cpu]"]);
  });

  test("extractors keep command-line order; naming one twice adds sections, once each", () => {
    expect(shown(parseSelections(["library", "system[memory]", "system[cpu,memory]", "system[cpu]"], ALL)))
      .toEqual(["library[mpi]", "system[memory,cpu]"]);
    expect(shown(parseSelections(["system[os,os]"], ALL))).toEqual(["system[os]"]);
  });

  test("unknown names and sections list the valid ones", () => {
    expect(message(["nope"])).toBe('unknown extractor "nope"; valid extractors: system, library');
    expect(message(["system[gpu]"])).toBe('unknown section "gpu" of extractor system; valid sections: cpu, memory, os');
  });

  test("malformed values are refused", () => {
    for (const bad of ["", "system[cpu", "system]cpu[", "sys tem", "system[cpu]x", "system[[cpu]]", "a/b"]) {
      expect(message([bad]), bad).toContain("cannot parse --name");
    }
  });

  test("an empty section name (system[], system[cpu,]) is an error, never an empty selection", () => {
    for (const bad of ["system[]", "system[ ]", "system[cpu,]", "system[,cpu]", "system[cpu,,os]"]) {
      expect(message([bad]), bad).toBe(
        `--name ${JSON.stringify(bad)} has an empty section name; write system for all sections, or system[SECTION,...] with sections from: cpu, memory, os`,
      );
    }
  });

  test("property: any non-empty choice of valid sections selects exactly those, in first-seen order", () => {
    const section = fc.constantFrom("cpu", "memory", "os");
    fc.assert(fc.property(fc.array(section, { minLength: 1, maxLength: 6 }), (chosen) => {
      const [sel] = parseSelections([`system[${chosen.join(",")}]`], ALL);
      expect(sel!.sections).toEqual([...new Set(chosen)]);
    }));
  });

  test("the real registry: every extractor and section can be named", () => {
    for (const e of EXTRACTORS) {
      for (const s of e.sections) {
        expect(shown(parseSelections([`${e.name}[${s.name}]`], EXTRACTORS))).toEqual([`${e.name}[${s.name}]`]);
      }
    }
  });
});
