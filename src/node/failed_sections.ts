/**
 * The sections of a node file that `extract --allow-fail` could not read: they
 * are empty because nothing could be read, so what they would say is unknown,
 * not absent. Pure.
 *
 * @module
 */
import type { NodeFile } from "./schema.ts";

/** `extractor[section]`, as `--name` and the node file's `compspec.failed` spell it. */
export function sectionName(extractor: string, section: string): string {
  return `${extractor}[${section}]`;
}

/** The failed sections of `file` by `extractor[section]`, each with its error; empty for files without the list. */
export function failedSections(file: NodeFile): ReadonlyMap<string, string> {
  const failed = file.compspec?.failed;
  return failed === undefined || failed.length === 0 ? EMPTY : new Map(failed.map((f) => [f.section, f.error]));
}

const EMPTY: ReadonlyMap<string, string> = new Map();

/** Why a failed section cannot answer: `nfd[pci] could not be read when the node file was made: …`. */
export function failedSectionNote(section: string, error: string): string {
  return `${section} could not be read when the node file was made: ${error}`;
}
