import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { parseArtifact } from "../../src/compat/artifact.ts";
import { requirementsOf } from "../../src/compat/node_input.ts";
import { checkGraphNode } from "../../src/compat/mod.ts";
import { attributeRequirements } from "../../src/rainbow/attribute_requirements.ts";
import { commandWords } from "../../src/rainbow/command_words.ts";
import { jobspecYaml } from "../../src/rainbow/jobspec.ts";
import { effectiveNeeds, modelVerdict, recordSize } from "../../src/rainbow/matcher.ts";
import { nfdRequirements } from "../../src/rainbow/nfd_requirements.ts";
import { isPlainScalar } from "../../src/rainbow/plain_scalar.ts";
import type { Translation } from "../../src/rainbow/requirement.ts";
import { subsystemNodes } from "../../src/rainbow/subsystem_jgf.ts";
import type { NodeRecord } from "../../src/node/record.ts";
import { attributeArtifactText, facts, nfdArtifactText, recordOf, translatableNfdText } from "./arbitraries.ts";

async function translate(text: string): Promise<{ t: Translation; artifact: Awaited<ReturnType<typeof parseArtifact>> }> {
  const artifact = await parseArtifact(text, "a.yaml");
  return { t: artifact.kind === "nfd" ? nfdRequirements(artifact) : attributeRequirements(artifact), artifact };
}

/** Every scalar of a parsed YAML value. */
function scalars(v: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) scalars(x, out);
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) scalars(x, out.concat([k]) && out) && out.push(k);
  else out.push(v);
  return out;
}

const anyArtifact = fc.oneof(nfdArtifactText, attributeArtifactText);
const commandWord = fc.constantFrom("ior", "-w", "--size=4", "4m", "lmp", "-in", "in.lj", "sleep 10", "/bin/app");

describe("create jobspec: the YAML rainbow stores (issue 19 §2, §5)", () => {
  test("every scalar is a plain YAML scalar; never two requirements on one subsystem; the shape jobspec-go reads", async () => {
    await fc.assert(
      fc.asyncProperty(anyArtifact, fc.array(commandWord, { minLength: 1, maxLength: 4 }), fc.nat(3), async (text, command, gpus) => {
        const { t } = await translate(text);
        const names = t.requires.map((r) => r.name);
        expect(new Set(names).size).toBe(names.length);
        if (t.requires.length === 0) return;
        const yaml = jobspecYaml({ resource: "compat", nodes: 2, cores: 4, gpus, requires: t.requires, command });
        const doc = parse(yaml);
        for (const s of scalars(doc)) {
          if (typeof s === "number") continue;
          expect(typeof s).toBe("string");
          expect(isPlainScalar(s as string)).toBe(true);
          // The client's re-serialisation writes it as it is: no quotes.
          expect(stringify(s)).toBe(`${s}\n`);
        }
        expect(doc.version).toBe(1);
        expect(doc.resources.compat).toMatchObject({ type: "node", replicas: 2 });
        expect(doc.resources.compat.with[0]).toEqual({ type: "core", count: 4 });
        expect(doc.tasks).toEqual([{ command, resources: "compat" }]);
        expect(doc.resources.compat.requires).toEqual(t.requires.map((r) => ({ ...r })));
        for (const r of doc.resources.compat.requires) expect(r.match !== undefined || r.min !== undefined || r.max !== undefined).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("rainbow's model agrees with check on homogeneous clusters whenever every requirement was translated", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyArtifact, translatableNfdText, translatableNfdText), facts, fc.integer({ min: 1, max: 3 }), async (text, f, n) => {
        const { t, artifact } = await translate(text);
        if (t.unchecked.length > 0 || t.requires.length === 0) return;
        const records: NodeRecord[] = Array.from({ length: n }, (_, i) => recordOf(`n${i}`, f));
        const nodes = subsystemNodes("c", records, { pus: false });
        const model = modelVerdict(
          { requires: t.requires, nodes: 1, cores: 1, gpus: 0 },
          { names: new Set(nodes.names), nodes: nodes.facts.map((x, i) => ({ facts: x, ...recordSize(records[i]!) })) },
        );
        const status = checkGraphNode(artifact, requirementsOf(artifact), "n0", records[0]!.attributes).status;
        compared++;
        expect([text, model.strict]).toEqual([text, status === "pass"]);
        expect(model.leaky).toBe(model.strict);
      }),
      { numRuns: 800 },
    );
    expect(compared).toBeGreaterThan(200);
  });

  test("a heterogeneous cluster: needs met by different nodes, which rainbow may accept and check does not", async () => {
    const a = recordOf("a", { target: "haswell", os: ["debian", "12"], mpi: undefined, gpus: [], flags: undefined, kernel: undefined, pci: undefined, layout: [[[0]]] });
    const b = recordOf("b", { target: "haswell", os: ["ubuntu", "24.04"], mpi: undefined, gpus: ["NVIDIA H100 80GB HBM3"], flags: undefined, kernel: undefined, pci: undefined, layout: [[[0]]] });
    const text = JSON.stringify({ version: "0.0.0", compatibilities: [{ name: "org.supercontainers", attributes: { "os.vendor": "debian", "hardware.gpu.available": "yes" } }] });
    const { t, artifact } = await translate(text);
    expect(t.unchecked).toEqual([]);
    expect(t.requires).toEqual([
      { name: "compat-os", field: "org.supercontainers.os.vendor", match: "debian" },
      { name: "compat-gpu", field: "org.supercontainers.hardware.gpu.count", min: "1.0.0" },
    ]);
    const nodes = subsystemNodes("c", [a, b], { pus: false });
    const model = modelVerdict(
      { requires: t.requires, nodes: 1, cores: 1, gpus: 0 },
      { names: new Set(nodes.names), nodes: nodes.facts.map((x, i) => ({ facts: x, ...recordSize([a, b][i]!) })) },
    );
    expect(model).toEqual({ fitting: 0, strict: false, leaky: true });
    for (const r of [a, b]) expect(checkGraphNode(artifact, requirementsOf(artifact), r.hostname, r.attributes).status).toBe("fail");
  });

  test("the matcher model keeps the last entry per subsystem, as rainbow does", () => {
    const first = { name: "s", field: "f", match: "x" };
    const second = { name: "s", field: "g", match: "y" };
    expect(effectiveNeeds([first, { name: "t", field: "f", match: "z" }, second])).toEqual([{ name: "t", field: "f", match: "z" }, second]);
  });

  test("commands are split as a shell splits simple words", () => {
    expect(commandWords(`ior -w  -b 4m`)).toEqual(["ior", "-w", "-b", "4m"]);
    expect(commandWords(`sh -c 'sleep 10; echo "x"'`)).toEqual(["sh", "-c", `sleep 10; echo "x"`]);
    expect(commandWords(`a "b \\"c\\" \\d" e\\ f`)).toEqual(["a", `b "c" \\d`, "e f"]);
    expect(commandWords(`a '' b`)).toEqual(["a", "", "b"]);
    expect(() => commandWords(`a 'b`)).toThrow("single quote");
    expect(() => commandWords(`a "b`)).toThrow("double quote");
    expect(() => commandWords(`a\\`)).toThrow("backslash");
  });
});

describe("attribute artifacts: what a model already says", () => {
  test("gpu.available: yes beside a GPU model is implied by it: one compat-gpu entry, nothing listed as unchecked", async () => {
    const text = JSON.stringify({
      version: "0.0.0",
      kind: "CompatibilitySpec",
      compatibilities: [{ name: "org.supercontainers", version: "0.0.0", attributes: { "hardware.gpu.available": "yes", "hardware.gpu.model": "NVIDIA H100 80GB HBM3" } }],
    });
    const { t } = await translate(text);
    expect(t.requires).toEqual([{ name: "compat-gpu", field: "org.supercontainers.hardware.gpu.model", match: "NVIDIA H100 80GB HBM3" }]);
    expect(t.unchecked).toEqual([]);
    const alone = await translate(text.replace(',"hardware.gpu.model":"NVIDIA H100 80GB HBM3"', ""));
    expect(alone.t.requires).toEqual([{ name: "compat-gpu", field: "org.supercontainers.hardware.gpu.count", min: "1.0.0" }]);
  });
});
