/**
 * compspec-go's own output (fixtures/compspec-go/node-extract-example.json, a real
 * `compspec extract` on a 2-CPU Sapphire Rapids VM) carries that VM's
 * /proc/cpuinfo in `system.processor`: rebuild a root from it and compare our
 * nfd[cpu] with what compspec-go reported.
 */
import { afterAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { X86_CPUID_ONLY } from "../../src/linux/cpuid_names.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";
import { keysUnder, nfdSection } from "./nfd_util.ts";

const example = JSON.parse(fs.readFileSync(path.join(FIXTURES, "compspec-go/node-extract-example.json"), "utf8"));
const processor: Record<string, string> = example.results.system.sections.processor;
const theirs: Record<string, string> = example.results.nfd.sections.cpu;

/** /proc/cpuinfo text for CPU 0 from compspec-go's `0.raw.<field>` keys. */
function cpuinfoFromExample(): string {
  const names: Record<string, string> = {
    processor: "processor", vendor_id: "vendor_id", cpu_family: "cpu family", model: "model",
    model_name: "model name", siblings: "siblings", cpu_cores: "cpu cores", flags: "flags",
  };
  return Object.entries(names).map(([raw, name]) => `${name}\t: ${processor[`0.raw.${raw}`]}`).join("\n") + "\n\n";
}

describe("nfd[cpu] against compspec-go's own output", () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, "proc"));
  fs.writeFileSync(path.join(root, "proc/cpuinfo"), cpuinfoFromExample());
  const ours = nfdSection(root, "cpu");
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("every cpuid name we derive is one compspec-go reported", () => {
    const theirNames = keysUnder(theirs, "cpuid");
    const ourNames = keysUnder(ours, "cpuid");
    expect(ourNames.filter((n) => !theirNames.includes(n))).toEqual([]);
    // What they have and we don't is exactly what the kernel does not print.
    const missing = theirNames.filter((n) => !ourNames.includes(n));
    for (const n of missing) expect(X86_CPUID_ONLY).toContain(n);
    expect(missing.length).toBeLessThanOrEqual(10);
  });

  test("model keys equal", () => {
    for (const k of ["model.vendor_id", "model.family", "model.id"]) expect(ours[k]).toBe(theirs[k]);
  });
});
