/**
 * The common node file checked without valibot's per-value bookkeeping: reading
 * 10,000 files spent more time validating them than parsing them. A document is
 * "plain" when it is exactly what compspec and compspec-go write: an object with
 * `results` (and perhaps `compspec` with `version`, `hostname` and the `failed`
 * sections' list), every
 * extractor `{sections}`, every section an object of strings, and no key that
 * valibot leaves out (`__proto__`, `prototype`, `constructor`). Anything else
 * goes to {@linkcode AnyNodeFileSchema}, which decides it and words the error, so
 * both paths accept the same files and give the same output
 * (test/node/plain_node_file_test.ts compares them).
 *
 * @module
 */
import { FAILED_SECTION_NAME, type NodeFile } from "./schema.ts";

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

type FailedSection = NonNullable<NonNullable<NodeFile["compspec"]>["failed"]>[number];

/** `x` as the `failed` list valibot's strict `{section, error}` objects give, or `undefined` when it is not plain. */
function plainFailed(x: unknown): FailedSection[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out: FailedSection[] = [];
  for (const f of x) {
    if (!isObject(f)) return undefined;
    let keys = 0;
    for (const _ in f) keys++;
    const { section, error } = f;
    if (keys !== 2 || typeof section !== "string" || typeof error !== "string" || !FAILED_SECTION_NAME.test(section)) return undefined;
    out.push({ section, error });
  }
  return out;
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
  const { version, hostname, failed } = compspec;
  if (producerKeys !== (failed === undefined ? 2 : 3) || typeof version !== "string" || typeof hostname !== "string") return undefined;
  // valibot's object copies entries in the schema's order.
  if (failed === undefined) return { compspec: { version, hostname }, results: results as NodeFile["results"] };
  const list = plainFailed(failed);
  return list === undefined ? undefined : { compspec: { version, hostname, failed: list }, results: results as NodeFile["results"] };
}
