/**
 * Properties of check's verdicts (fast-check): node order never changes a
 * verdict; adding a rule never turns FAIL into PASS; In and NotIn partition
 * the present values; attribute artifacts agree with compspec-go's
 * exact-equality match on every non-archspec key.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { readArtifact } from "../../src/compat/artifact.ts";
import { parseDocumentNow } from "../../src/compat/document.ts";
import type { AttributeArtifact } from "../../src/compat/attribute_artifact.ts";
import { evaluateAttributes } from "../../src/compat/attribute_eval.ts";
import { compileExpression, evaluateExpression } from "../../src/compat/expression.ts";
import { featuresFromSections } from "../../src/compat/features.ts";
import type { NfdArtifact } from "../../src/compat/nfd_artifact.ts";
import { evaluateNfd } from "../../src/compat/nfd_eval.ts";
import { artifactSets, summarizeTarget } from "../../src/compat/summary.ts";
import { flattenFeatures } from "../../src/extractors/nfd/flatten.ts";

const FLAGS = ["AVX", "AVX2", "AVX512F", "FMA3"];

const flagExpr = fc.constantFrom({ op: "Exists" }, { op: "DoesNotExist" });
const modelExpr = fc.oneof(
  fc.record({ op: fc.constantFrom("In", "NotIn"), value: fc.subarray(["Intel", "AMD", "6", "25"], { minLength: 1 }) }),
  fc.constant({ op: "InRegexp", value: ["^(I|2)"] }),
  fc.constant({ op: "Exists" }),
  fc.constant({ op: "Gt", value: ["10"] }),
);
const pciExpr = fc.record({ op: fc.constantFrom("In", "NotIn"), value: fc.subarray(["0200", "0300", "8086", "10de"], { minLength: 1 }) });
const term = fc.oneof(
  fc.record({ feature: fc.constant("cpu.cpuid"), matchExpressions: fc.dictionary(fc.constantFrom(...FLAGS), flagExpr, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ feature: fc.constant("cpu.cpuid"), matchName: fc.constant({ op: "InRegexp", value: ["^AVX5"] }) }),
  fc.record({ feature: fc.constant("cpu.model"), matchExpressions: fc.dictionary(fc.constantFrom("vendor_id", "family"), modelExpr, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ feature: fc.constant("pci.device"), matchExpressions: fc.dictionary(fc.constantFrom("class", "vendor"), pciExpr, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ feature: fc.constant("kernel.loadedmodule"), matchExpressions: fc.constant({ vfio_pci: { op: "Exists" } }) }),
);
const rule = fc.record(
  {
    name: fc.constantFrom("a", "b", "c"),
    matchFeatures: fc.array(term, { maxLength: 3 }),
    matchAny: fc.array(fc.record({ matchFeatures: fc.array(term, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ["name"] },
);
const sets = fc.array(fc.record({ weight: fc.nat(100), rules: fc.array(rule, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 });

/** Synchronous, for fast-check: JSON with literal patterns needs neither the YAML library nor the RE2 engine. */
function nfdArtifact(compatibilities: unknown): NfdArtifact {
  const a = readArtifact(parseDocumentNow(JSON.stringify({ version: "v1alpha1", compatibilities }), "generated.json"));
  if (a.kind !== "nfd") throw new Error("not nfd");
  return a;
}

const node = fc.record({
  flags: fc.subarray(FLAGS),
  vendor: fc.constantFrom("Intel", "AMD"),
  family: fc.constantFrom("6", "25"),
  devices: fc.array(fc.record({ class: fc.constantFrom("0200", "0300"), vendor: fc.constantFrom("8086", "10de") }), { maxLength: 3 }),
  kernel: fc.boolean(),
});
type GenNode = typeof node extends fc.Arbitrary<infer T> ? T : never;

function features(n: GenNode) {
  const sections: Record<string, Record<string, string>> = {
    cpu: flattenFeatures({ flags: { cpuid: n.flags }, attributes: { model: { vendor_id: n.vendor, family: n.family } }, instances: {} }),
    pci: flattenFeatures({ flags: {}, attributes: {}, instances: { device: n.devices } }),
  };
  if (n.kernel) sections.kernel = flattenFeatures({ flags: { loadedmodule: ["vfio_pci"] }, attributes: {}, instances: {} });
  return (wanted: readonly string[]) => featuresFromSections(sections, wanted, (s) => `no nfd[${s}]`);
}

const WANTED = ["cpu.cpuid", "cpu.model", "pci.device", "kernel.loadedmodule"];

describe("properties", () => {
  test("node order never changes a verdict", () => {
    fc.assert(
      fc.property(sets, fc.array(node, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (s, nodes, keys) => {
        const artifact = nfdArtifact(s);
        const named = nodes.map((n, i) => ({ host: `n${i + 1}`, n }));
        const shuffled = named.map((x, i) => ({ x, k: keys[i]! })).sort((a, b) => a.k - b.k).map((y) => y.x);
        const verdicts = (list: typeof named) => list.map(({ host, n }) => evaluateNfd(artifact, host, features(n)(WANTED)).verdict);
        const a = verdicts(named);
        const b = verdicts(shuffled);
        const byHost = (vs: typeof a) => Object.fromEntries(vs.map((v) => [v.hostname, v]));
        expect(byHost(b)).toEqual(byHost(a));
        const all = artifactSets(artifact);
        const summary = (vs: typeof a) => summarizeTarget({ name: "c", kind: "node-dir", verdicts: vs }, all, false);
        expect(summary(b)).toEqual(summary(a));
      }),
      { numRuns: 150 },
    );
  });

  test("adding a rule never turns FAIL into PASS", () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 3 }), rule, node, (rules, extra, n) => {
        const status = (rs: unknown[]) => {
          const v = evaluateNfd(nfdArtifact([{ rules: rs }]), "n", features(n)(WANTED)).verdict;
          return v.error !== undefined ? "error" : v.sets[0]!.status; // error: NFD stops (Gt on "Intel")
        };
        const before = status(rules);
        const after = status([...rules, extra]);
        if (after === "pass") expect(before).toBe("pass");
        if (before === "fail") expect(["fail", "error"]).toContain(after);
        if (before === "unknown") expect(["unknown", "fail", "error"]).toContain(after);
        if (before === "error") expect(after).toBe("error");
      }),
      { numRuns: 200 },
    );
  });

  test("In and NotIn partition the present values (and neither holds on absent values or flags)", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { minLength: 1, maxLength: 5 }), fc.boolean(), (x, list, pickFromList) => {
        const value = pickFromList ? list[0]! : x;
        const isIn = compileExpression({ op: "In", value: list });
        const notIn = compileExpression({ op: "NotIn", value: list });
        expect(evaluateExpression(isIn, true, value) !== evaluateExpression(notIn, true, value)).toBe(true);
        expect(evaluateExpression(isIn, false, undefined) || evaluateExpression(notIn, false, undefined)).toBe(false);
        expect(evaluateExpression(isIn, true, undefined) || evaluateExpression(notIn, true, undefined)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  test("attribute artifacts agree with compspec-go's exact-equality match on every non-archspec key", () => {
    const KEYS = ["org.supercontainers.mpi.implementation", "org.supercontainers.os.vendor", "org.supercontainers.hardware.gpu.available", "io.archspec.cpu.vendor", "io.archspec.cpu.model"];
    const VALUES = ["OpenMPI", "mpich", "rocky", "ubuntu", "yes", "no", "GenuineIntel", "AMD EPYC", " yes", "YES"];
    const attrs = fc.record(Object.fromEntries(KEYS.map((k) => [k, fc.constantFrom(...VALUES)])) as Record<string, fc.Arbitrary<string>>);
    const wants = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { minKeys: 1 });
    fc.assert(
      fc.property(attrs, wants, (have, want) => {
        const requirements = Object.entries(want).map(([key, value]) => ({ namespace: key.split(".").slice(0, 2).join("."), key, value }));
        const namespaces = [...new Set(requirements.map((r) => r.namespace))];
        const artifact: AttributeArtifact = { kind: "compspec", source: "a.json", schemas: {}, namespaces, requirements, notes: [] };
        const v = evaluateAttributes(artifact, "n", { get: (k) => have[k], unknown: () => undefined });
        // compspec-go: the image matches when the host's value for each of its keys is exactly its label's value.
        const goMatch = Object.entries(want).every(([k, val]) => have[k] === val);
        expect(v.status === "pass").toBe(goMatch);
      }),
      { numRuns: 500 },
    );
  });
});
