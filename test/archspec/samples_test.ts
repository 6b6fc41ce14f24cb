/**
 * archspec's own 42 cpuinfo samples: each must give archspec's answer
 * (fixtures/archspec/cpuinfo-samples.tsv), and the ranking keys of the bundled
 * data must be the ones archspec computes.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { ARCHSPEC_DATA_COMMIT, detectTarget, imageRunsOn } from "../../src/archspec/mod.ts";
import { createHash } from "node:crypto";
import { MICROARCHITECTURES } from "../../src/archspec/data/microarchitectures_json.ts";
import { projectMicroarchitectures } from "../../src/archspec/data/project.ts";
import { targets } from "../../src/archspec/targets.ts";
import { FIXTURES } from "../util/fixtures.ts";

const DIR = path.join(FIXTURES, "archspec");

interface Sample {
  sample: string;
  machine: string;
  target: string;
}

function samples(): Sample[] {
  const [header, ...rows] = fs.readFileSync(path.join(DIR, "cpuinfo-samples.tsv"), "utf8").trimEnd().split("\n");
  expect(header).toBe("sample\tmachine\ttarget");
  return rows.map((row) => {
    const [sample, machine, target] = row.split("\t");
    if (!sample || !machine || !target) throw new Error(`cpuinfo-samples.tsv: bad row ${JSON.stringify(row)}`);
    return { sample, machine, target };
  });
}

const ALL = samples();

describe("archspec's cpuinfo samples", () => {
  test("the tsv lists all 42 sample files, each named after its answer", () => {
    expect(ALL.length).toBe(42);
    expect(ALL.map((s) => s.sample).sort()).toEqual(fs.readdirSync(path.join(DIR, "cpuinfo-samples")).sort());
    for (const s of ALL) expect(s.sample.endsWith(`-${s.target}`)).toBe(true);
  });

  for (const { sample, machine, target } of ALL) {
    test(`${sample} (${machine}) → ${target}`, () => {
      const text = fs.readFileSync(path.join(DIR, "cpuinfo-samples", sample), "utf8");
      const r = detectTarget(text, machine)!;
      expect(r.name).toBe(target);
      const t = targets().byName.get(target)!;
      expect(r.vendor).toBe(t.vendor);
      // ancestors: the same set as archspec's, the family root last, each before its own ancestors
      expect([...r.ancestors].sort()).toEqual(t.ancestors.map((a) => a.name).sort());
      expect(r.ancestors.at(-1) ?? r.name).toBe(t.family);
      r.ancestors.forEach((a, i) => {
        for (const older of targets().byName.get(a)!.ancestors) expect(r.ancestors.indexOf(older.name)).toBeGreaterThan(i);
      });
      // the generic label is a generic target the node can run
      expect(targets().byName.get(r.generic)!.vendor).toBe("generic");
      expect(imageRunsOn(r.generic, r)).toBe(true);
    });
  }
});

describe("bundled data", () => {
  const DATA = path.join(FIXTURES, "../src/archspec/data");

  const JSON_TEXT = fs.readFileSync(path.join(DATA, "microarchitectures.json"), "utf8");

  test("the shipped microarchitectures.json is archspec-json 90b453f's file, unchanged (sha256)", () => {
    expect(createHash("sha256").update(JSON_TEXT).digest("hex")).toBe("17d1d03070a23df60206b65151d104e09d1fe6e9af07f95e5f6c760d659e52ba");
  });

  test("the embedded data is projected from the shipped JSON (else: bun scripts/archspec_embed.ts)", () => {
    expect(MICROARCHITECTURES).toBe(projectMicroarchitectures(JSON_TEXT));
  });

  test("the licence files ship beside the data", () => {
    for (const f of ["LICENSE-APACHE", "LICENSE-MIT", "COPYRIGHT", "NOTICE"]) expect(fs.existsSync(path.join(DATA, f))).toBe(true);
    expect(fs.readFileSync(path.join(DATA, "LICENSE-MIT"), "utf8")).toContain("Lawrence Livermore National Security, LLC");
  });

  test(`is archspec-json ${ARCHSPEC_DATA_COMMIT} with 78 targets in JSON order`, () => {
    const json = JSON.parse(JSON_TEXT);
    expect(targets().list.map((t) => t.name)).toEqual(Object.keys(json.microarchitectures));
    expect(targets().list.length).toBe(78);
    // every field detection reads survives the projection
    for (const [name, raw] of Object.entries(json.microarchitectures) as [string, Record<string, unknown>][]) {
      const t = targets().byName.get(name)!;
      expect(t.parents.map((p) => p.name)).toEqual(raw.from as string[]);
      expect(t.vendor).toBe(raw.vendor as string);
      expect([...t.listed]).toEqual(raw.features as string[]);
      expect(t.generation).toBe((raw.generation as number | undefined) ?? 0);
      expect(t.cpuPart).toBe((raw.cpupart as string | undefined) ?? "");
    }
    expect(Object.fromEntries(targets().armVendors)).toEqual(json.conversions.arm_vendors);
  });

  // ALGORITHM.md §4 lists archspec's (distinct ancestors, features incl. synthetic sse3) per target.
  const KEYS = `x86_64 0/0, x86_64_v2 1/10, x86_64_v3 2/19, x86_64_v4 3/24, nocona 1/4, core2 2/5, nehalem 4/10,
    westmere 5/12, sandybridge 6/13, ivybridge 7/15, haswell 9/22, broadwell 10/24, skylake 11/27, mic_knl 11/28,
    alderlake 12/38, arrowlake 13/42, arrowlake_s 14/46, skylake_avx512 13/33, cannonlake 13/35, cascadelake 14/34,
    icelake 16/44, sapphirerapids 17/53, k10 1/8, bulldozer 2/18, piledriver 3/22, steamroller 4/23, excavator 6/26,
    zen 3/28, zen2 4/29, zen3 5/32, zen4 7/46, zen5 8/51, cortex_a72 1/9, thunderx2 2/11, a64fx 3/14,
    neoverse_n1 4/16, m1 5/32, neoverse_v1 7/33, m2 7/36, neoverse_v2 9/34, neoverse_n2 9/34, ampere1 9/37, m3 9/36,
    ampere1a 10/39, m4 10/38, neoverse_v3ae 12/49`;
  for (const entry of KEYS.split(",").map((s) => s.trim())) {
    const [name, key] = entry.split(" ") as [string, string];
    test(`ranking key of ${name} is ${key} (distinct ancestors / features)`, () => {
      const t = targets().byName.get(name)!;
      expect(`${t.ancestors.length}/${t.features.size}`).toBe(key);
    });
  }
});
