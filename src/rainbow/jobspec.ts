/**
 * The jobspec rainbow @075ee23 reads (compspec/jobspec-go "nextgen" v1), as
 * YAML text: one resource of `replicas` nodes, each with `cores` cores (and
 * `gpus` GPUs), the artifact's requirements as its `requires`, and one task.
 * Every scalar is a safe plain scalar (plain_scalar.ts): rainbow's server
 * fails on any other after matching. Pure: data in, text out.
 *
 * @module
 */
import { isPlainScalar } from "./plain_scalar.ts";
import type { Requirement } from "./requirement.ts";

/** What the jobspec asks for. */
export interface JobspecInput {
  /** The resource's name, which the task names. */
  resource: string;
  /** Nodes (the slot's replicas). */
  nodes: number;
  /** Cores per node. */
  cores: number;
  /** GPUs per node (0: none asked for). */
  gpus: number;
  requires: readonly Requirement[];
  /** The task's command words. */
  command: readonly string[];
}

/** A scalar that would not be a safe plain scalar (a bug upstream: callers check words first). */
export class UnsafeScalarError extends Error {
  constructor(readonly value: string) {
    super(`${JSON.stringify(value)} is not a plain YAML scalar rainbow can store`);
    this.name = "UnsafeScalarError";
  }
}

function s(value: string): string {
  if (!isPlainScalar(value)) throw new UnsafeScalarError(value);
  return value;
}

/** The jobspec's YAML. Throws {@linkcode UnsafeScalarError} for a scalar that is not safe. */
export function jobspecYaml(j: JobspecInput): string {
  const lines = ["version: 1", "resources:", `  ${s(j.resource)}:`, "    type: node", `    replicas: ${j.nodes}`];
  if (j.requires.length > 0) {
    lines.push("    requires:");
    for (const r of j.requires) {
      lines.push(`    - name: ${s(r.name)}`, `      field: ${s(r.field)}`);
      if (r.match !== undefined) lines.push(`      match: ${s(r.match)}`);
      if (r.min !== undefined) lines.push(`      min: ${s(r.min)}`);
      if (r.max !== undefined) lines.push(`      max: ${s(r.max)}`);
    }
  }
  lines.push("    with:", "    - type: core", `      count: ${j.cores}`);
  if (j.gpus > 0) lines.push("    - type: gpu", `      count: ${j.gpus}`);
  lines.push("tasks:", "- command:", ...j.command.map((w) => `  - ${s(w)}`), `  resources: ${s(j.resource)}`);
  return lines.join("\n") + "\n";
}
