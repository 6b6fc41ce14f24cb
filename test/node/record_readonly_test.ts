/**
 * Records share their parts (see nodeRecord), so their types are read-only at
 * every level: each `@ts-expect-error` below fails the typecheck (`tsc`) the
 * day a change makes that mutation compile again.
 */
import { expect, test } from "bun:test";
import type { NodeRecord } from "../../src/node/record.ts";

/** Never called: only compiled. */
export function mutations(r: NodeRecord): void {
  // @ts-expect-error a record's sockets are shared
  r.sockets[0]![0]!.push(1);
  // @ts-expect-error so are its cores
  r.sockets[0]!.pop();
  // @ts-expect-error and its memory records
  r.memory[0]!.kib = 1;
  // @ts-expect-error and its attributes
  r.attributes["x"] = "y";
  // @ts-expect-error and its GPUs' attributes
  r.gpus[0]!.attributes["x"] = "y";
  // @ts-expect-error and the record itself
  r.hostname = "other";
}

test("the read-only checks are compiled (see tsc)", () => {
  expect(typeof mutations).toBe("function");
});
