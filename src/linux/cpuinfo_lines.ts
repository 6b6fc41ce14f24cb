/**
 * The one tokenizer of /proc/cpuinfo text, shared by its three readers: the
 * `system` extractor (every CPU's block), NFD's `cpu` source (the first value
 * of each field in the whole file) and archspec (the first block, with
 * Python's whitespace). Each keeps its own rules on top of these lines.
 *
 * @module
 */

/** What {@linkcode scanCpuinfoLines} calls for each line; either may return `false` to stop the scan. */
export interface CpuinfoLineVisitor {
  /** A line with a colon, split at its first one: key and value, each trimmed. */
  field(key: string, value: string): boolean | void;
  /** A line without a colon, as written (a blank one ends a CPU's block). */
  other?(line: string): boolean | void;
}

const jsTrim = (s: string): string => s.trim();

/**
 * Visit the lines of cpuinfo text in order. Lines end at `\n` (callers that
 * care about `\r` normalise first); a trailing newline does not start another
 * line, and empty text has none. `trim` trims keys and values (JavaScript's
 * `trim` unless given: archspec passes Python's `str.strip`).
 */
export function scanCpuinfoLines(text: string, visit: CpuinfoLineVisitor, trim: (s: string) => string = jsTrim): void {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const colon = line.indexOf(":");
    const go = colon >= 0 ? visit.field(trim(line.slice(0, colon)), trim(line.slice(colon + 1))) : visit.other?.(line);
    if (go === false) return;
    start = end + 1;
  }
}

/**
 * The blocks of cpuinfo text: runs of lines separated by blank (or
 * whitespace-only) lines. On most machines each block is one CPU's.
 */
export function cpuinfoBlocks(text: string): string[] {
  return text.split(/\n[ \t\r]*\n/);
}
