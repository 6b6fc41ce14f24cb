import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  FORBIDDEN_PROPERTY_CHARACTERS,
  fluxPropertyNames,
  gpuModelName,
  propertyName,
  propertyNameProblem,
} from "../../src/graph/flux_properties.ts";
import { parseNodeFile } from "../../src/node/read_node_file.ts";
import type { NodeRecord } from "../../src/node/record.ts";
import { FIXTURES } from "../util/fixtures.ts";
import { fluxCoreRejectsProperty, oneRequiresTerm, withinAllowedCharacters } from "./flux_rules.ts";

/** Every rule a property name must pass to reach a Flux job (see flux_rules.ts). */
function expectUsable(name: string): void {
  expect(fluxCoreRejectsProperty(name)).toBe(false);
  expect(withinAllowedCharacters(name)).toBe(true);
  expect(oneRequiresTerm(name)).toBe(true);
  expect(propertyNameProblem(name)).toBeUndefined();
}

const SC = "org.supercontainers";

describe("Flux property names", () => {
  test("the vocabulary: archspec target and ancestors, GPU vendor and model, OS id+version, MPI flavour", () => {
    const text = fs.readFileSync(path.join(FIXTURES, "nodes/realistic/gpu17.json"), "utf8");
    const r = parseNodeFile("gpu17.json", text, "x");
    const file = JSON.parse(text).results;
    const ancestors = (file.system.sections.arch["target.ancestors"] as string).split(",");
    expect(fluxPropertyNames(r)).toEqual(
      [file.system.sections.arch.target, ...ancestors, "h100", "nvidia", "rocky9.3", "openmpi"].sort(),
    );
  });

  test("the GPU model's short name, by the documented rule", () => {
    const cases: [string, string | undefined][] = [
      ["NVIDIA H100 80GB HBM3", "h100"],
      ["H100 SXM5 80GB", "h100"],
      ["Tesla V100-SXM2-16GB", "v100"],
      ["NVIDIA A100-SXM4-40GB", "a100"],
      ["NVIDIA GH200 480GB", "gh200"],
      ["NVIDIA L40S", "l40s"],
      ["NVIDIA RTX A6000", "a6000"],
      ["Tesla T4", "t4"],
      ["AMD Instinct MI250X / MI250", "mi250x"],
      ["AMD Instinct MI300A", "mi300a"],
      ["NVIDIA GeForce RTX 4090", "rtx4090"],
      ["Radeon RX 7900 XTX", "rx7900"],
      ["Intel(R) Data Center GPU Max 1550", "max1550"],
      ["Intel Arc A770", "a770"],
      ["0x2330", undefined],
      ["", undefined],
    ];
    for (const [model, name] of cases) expect([model, gpuModelName(model)]).toEqual([model, name]);
  });

  test("names are made safe: lowercase, accents dropped, other characters one '-', and/or/not never first", () => {
    expect(propertyName("Intel(R) Xeon(R)")).toBe("intel-r-xeon-r");
    expect(propertyName("Débian 12 (bookworm)")).toBe("debian-12-bookworm");
    expect(propertyName("  OpenMPI ")).toBe("openmpi");
    expect(propertyName("x86_64_v3")).toBe("x86_64_v3");
    expect(propertyName("or-x")).toBeUndefined();
    expect(propertyName("not")).toBeUndefined();
    expect(propertyName("orion")).toBe("orion");
    expect(propertyName("(()")).toBeUndefined();
    for (const c of FORBIDDEN_PROPERTY_CHARACTERS) expect(propertyName(`a${c}b`)).toBe("a-b");
  });

  test("every name passes flux-core's character rule and reads as one --requires term, whatever the node file says", () => {
    const text = fc.oneof(fc.string({ unit: "binary", maxLength: 16 }), fc.constantFrom("Intel(R)", "a|b", "x:y", "-n", "or-x", "ü", "!"));
    const attrs = fc.record({
      target: text,
      ancestors: fc.array(text, { maxLength: 4 }).map((a) => a.join(",")),
      osId: text,
      osVersion: text,
      mpi: text,
      gpuVendor: text,
      gpuModel: text,
    });
    fc.assert(
      fc.property(attrs, (a) => {
        const record: NodeRecord = {
          hostname: "n1",
          sockets: [[[0]]],
          memory: [],
          gpus: [{ index: 0, socket: -1, attributes: { [`${SC}.hardware.gpu.vendor`]: a.gpuVendor, [`${SC}.hardware.gpu.model`]: a.gpuModel } }],
          attributes: {
            "io.archspec.cpu.target": a.target,
            "io.archspec.cpu.target.ancestors": a.ancestors,
            [`${SC}.os.vendor`]: a.osId,
            [`${SC}.os.version`]: a.osVersion,
            [`${SC}.mpi.implementation`]: a.mpi,
          },
        };
        const names = fluxPropertyNames(record);
        expect(names).toEqual([...new Set(names)].sort());
        for (const n of names) expectUsable(n);
      }),
      { numRuns: 300 },
    );
  });
});
