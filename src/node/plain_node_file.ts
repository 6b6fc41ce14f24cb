/**
 * The common node file checked without valibot's per-value bookkeeping: reading
 * 10,000 files spent more time validating them than parsing them. A document is
 * "plain" when it is exactly what compspec and compspec-go write: an object with
 * `results` (and perhaps `compspec` with `version` and `hostname`), every
 * extractor `{sections}`, every section an object of strings, and no key that
 * valibot leaves out (`__proto__`, `prototype`, `constructor`). Anything else
 * goes to {@linkcode AnyNodeFileSchema}, which decides it and words the error, so
 * both paths accept the same files and give the same output
 * (test/node/plain_node_file_test.ts compares them).
 *
 * @module
 */
import type { NodeFile } from "./schema.ts";

/** A JSON object that is not an array. */
function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Keys valibot's `record` and `object` never copy. */
function skipped(key: string): boolean {
  return key === "__proto__" || key === "prototype" || key === "constructor";
}

/** Whether every own key of `x` is one valibot copies and every value a string. */
function isSection(x: unknown): boolean {
  if (!isObject(x)) return false;
  for (const k in x) {
    if (typeof x[k] !== "string" || skipped(k)) return false;
  }
  return true;
}

function isResults(x: unknown): boolean {
  if (!isObject(x)) return false;
  for (const name in x) {
    const extractor = x[name];
    if (skipped(name) || !isObject(extractor)) return false;
    let keys = 0;
    for (const _ in extractor) keys++;
    const sections = extractor.sections;
    if (keys !== 1 || !isObject(sections)) return false;
    for (const section in sections) {
      if (skipped(section) || !isSection(sections[section])) return false;
    }
  }
  return true;
}

/**
 * `json` as the node file `v.parse(AnyNodeFileSchema, json)` returns (equal,
 * keys in the same order), when it is plain; `undefined` otherwise (valid or
 * not: ask valibot).
 */
export function plainNodeFile(json: unknown): NodeFile | undefined {
  if (!isObject(json)) return undefined;
  let keys = 0;
  for (const _ in json) keys++;
  const { compspec, results } = json;
  if (!isResults(results)) return undefined;
  if (compspec === undefined) return keys === 1 ? { results: results as NodeFile["results"] } : undefined;
  if (keys !== 2 || !isObject(compspec)) return undefined;
  let producerKeys = 0;
  for (const _ in compspec) producerKeys++;
  const { version, hostname } = compspec;
  if (producerKeys !== 2 || typeof version !== "string" || typeof hostname !== "string") return undefined;
  // valibot's object copies entries in the schema's order.
  return { compspec: { version, hostname }, results: results as NodeFile["results"] };
}
