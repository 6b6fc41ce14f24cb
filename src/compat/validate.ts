/**
 * Validating a parsed document with a valibot schema, and saying where and
 * what is wrong in words a person writing YAML understands.
 *
 * @module
 */
import * as v from "valibot";
import type { DocPath, ParsedDocument } from "./document.ts";

function expectedText(expected: string | null): string {
  switch (expected) {
    case "string":
      return "a string";
    case "Array":
      return "a list";
    case "Object":
      return "a mapping";
    case "number":
      return "a number";
    default:
      return expected ?? "something else";
  }
}

function valueText(input: unknown, written: string | undefined): string {
  if (Array.isArray(input)) return "a list";
  if (input === null) return "empty (null)";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") return JSON.stringify(input);
  return `the ${typeof input} ${written ?? String(input)}`;
}

/** The message for one valibot issue at `path` of `doc`. */
function issueText(doc: ParsedDocument, path: DocPath, issue: v.BaseIssue<unknown>): string {
  if (issue.kind !== "schema") return issue.message;
  if (issue.input === undefined) return `is required (${expectedText(issue.expected)})`;
  const written = doc.scalarSource(path);
  const hint = issue.expected === "string" && (typeof issue.input === "number" || typeof issue.input === "boolean")
    ? `; quote it: "${written ?? String(issue.input)}"`
    : "";
  return `must be ${expectedText(issue.expected)}, not ${valueText(issue.input, written)}${hint}`;
}

/**
 * `value` (from `doc`) checked against `schema`; throws the document's error at
 * the first problem's place.
 */
export function validateDocument<S extends v.GenericSchema>(doc: ParsedDocument, schema: S, value: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, value, { abortEarly: true });
  if (r.success) return r.output;
  // A union reports its branches' issues; the deepest one is the most telling.
  const issues = r.issues.flatMap((i) => i.issues ?? [i]);
  const issue = issues.reduce((a, b) => ((b.path?.length ?? 0) > (a.path?.length ?? 0) ? b : a));
  const path = (issue.path ?? []).map((p) => p.key as string | number);
  throw doc.error(path, issueText(doc, path, issue));
}

/** An optional field as Go decodes it: absent and `null` both mean "not set" (`undefined`). */
export function goOptional<S extends v.GenericSchema>(schema: S) {
  return v.pipe(v.optional(v.nullable(schema)), v.transform((x) => x ?? undefined));
}
