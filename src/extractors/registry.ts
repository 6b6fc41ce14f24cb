/**
 * The one table of extractors, in their default order (`compspec extract` with
 * no `--name` runs them all, in this order).
 *
 * @module
 */
import type { Extractor } from "./types.ts";
import { systemExtractor } from "./system/mod.ts";
import { nfdExtractor } from "./nfd/mod.ts";
import { libraryExtractor } from "./library/mod.ts";
import { kernelExtractor } from "./kernel/mod.ts";

/** Every extractor compspec has. */
export const EXTRACTORS: readonly Extractor[] = [
  kernelExtractor,
  libraryExtractor,
  nfdExtractor,
  systemExtractor,
];

/** Look an extractor up by name. */
export function findExtractor(name: string): Extractor | undefined {
  return EXTRACTORS.find((e) => e.name === name);
}
