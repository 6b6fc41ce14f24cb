/**
 * The vocabulary names what the extractors write and every reader reads; the
 * facts of a node file are parsed once, by nodeFacts.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXTRACTORS } from "../../src/extractors/registry.ts";
import { nodeFacts } from "../../src/node/facts.ts";
import { nodeRecord } from "../../src/node/record.ts";
import { NodeFileSchema } from "../../src/node/schema.ts";
import { ATTR, attributeSources, NODE_SECTIONS, section } from "../../src/node/vocabulary.ts";
import * as v from "valibot";

const FIXTURES = path.join(import.meta.dir, "../../fixtures/nodes");
const read = (name: string) => v.parse(NodeFileSchema, JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")));

describe("vocabulary", () => {
  test("names exactly the extractors and sections the registry has", () => {
    const registry = Object.fromEntries(EXTRACTORS.map((e) => [e.name, e.sections.map((s) => s.name).sort()]));
    const vocabulary = Object.fromEntries(Object.entries(NODE_SECTIONS).map(([e, s]) => [e, ([...s] as string[]).sort()]));
    expect(vocabulary).toEqual(registry);
  });

  test("every attribute name has the sections it comes from", () => {
    for (const name of Object.values(ATTR)) expect(attributeSources(name)).toBeDefined();
    expect(attributeSources(ATTR.cpuTarget)).toEqual(["system.arch"]);
    expect(attributeSources("org.example.x")).toBeUndefined();
  });

  test("the node record's attributes are all vocabulary names", () => {
    const record = nodeRecord(read("realistic/gpu17.json"), "gpu17");
    const names = new Set<string>(Object.values(ATTR));
    for (const key of Object.keys(record.attributes)) expect(names.has(key)).toBe(true);
    for (const g of record.gpus) for (const key of Object.keys(g.attributes)) expect(names.has(key)).toBe(true);
  });

  test("section() reads extractor.section", () => {
    const file = read("realistic/gpu17.json");
    expect(section(file, "system", "gpu")?.count).toBe("4");
    expect(section(file, "library", "mpi")).toBe(file.results.library?.sections.mpi);
  });
});

describe("nodeFacts", () => {
  test("a node file's facts: record, CPU → NUMA node, MemTotal, arch, GPU PCI addresses", () => {
    const file = read("realistic/gpu17.json");
    const facts = nodeFacts(file, "gpu17");
    expect(facts.record).toEqual(nodeRecord(file, "gpu17"));
    expect(facts.layout.real).toBe(true);
    expect(facts.layout.cpuNuma?.get(0)).toBe(0);
    expect(facts.layout.cpuNuma?.size).toBe(facts.record.sockets.flat(2).length);
    expect(facts.memtotalKib).toBe(527939852);
    expect(facts.arch).toBe("x86_64");
    expect(facts.gpuPci?.get(0)).toBe("0000:17:00.0");
    expect(facts.gpuPci?.size).toBe(4);
    expect(facts.failed.size).toBe(0);
    expect(facts.record.attributes[ATTR.gpuCount]).toBe("4");
  });

  test("compspec-go's count-only file: no CPU → NUMA map", () => {
    const file = {
      results: { system: { sections: { cpu: { cores: "4" }, memory: { memtotal: "1024 kB" } } } },
    };
    const facts = nodeFacts(file, "n1");
    expect(facts.layout.real).toBe(false);
    expect(facts.layout.cpuNuma).toBeUndefined();
    expect(facts.memtotalKib).toBe(1024);
    expect(facts.kernel).toBeUndefined();
  });
});
