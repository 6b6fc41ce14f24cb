/**
 * Every lscpu corpus machine root gets an archspec target from its
 * <root>/proc/cpuinfo. The dumps carry no `uname -m`, so the family each came
 * from (known from the dump's name and CPU) is given here; the expected target
 * is derived from archspec's algorithm, as each test name says.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { detectTarget, hostInfo } from "../../src/archspec/mod.ts";
import { targets } from "../../src/archspec/targets.ts";
import { corpusNames, unpackedRoot } from "../util/fixtures.ts";

interface Case {
  machine: string;
  target: string;
  why: string;
  /** Features the next target up needs and this CPU lacks (checked against the dump and the data). */
  lacks?: [string, string[]];
}

const CASES: Record<string, Case> = {
  "x86_64-epyc_7451": { machine: "x86_64", target: "zen", why: "Naples passes zen; zen2 needs clwb", lacks: ["zen2", ["clwb"]] },
  "x86_64-64cpu": { machine: "x86_64", target: "nehalem", why: "Xeon X7550 passes v2 and nehalem; westmere needs aes, pclmulqdq", lacks: ["westmere", ["aes", "pclmulqdq"]] },
  "x86_64-64cpu-linux6.2": { machine: "x86_64", target: "icelake", why: "Tiger Lake passes v4 and icelake; alderlake needs avx_vnni, serialize, waitpkg", lacks: ["alderlake", ["avx_vnni", "serialize", "waitpkg"]] },
  "x86_64-dell_e4310": { machine: "x86_64", target: "westmere", why: "Core i5 M560 (Arrandale) passes westmere; sandybridge needs avx", lacks: ["sandybridge", ["avx"]] },
  "vbox-win": { machine: "x86_64", target: "core2", why: "VirtualBox hides sse4_1/sse4_2/popcnt/cx16, so v2 fails and core2 is deepest", lacks: ["x86_64_v2", ["cx16", "sse4_1", "sse4_2", "popcnt"]] },
  "vmware_fpe": { machine: "x86_64", target: "piledriver", why: "Opteron 6328 passes piledriver; steamroller needs fsgsbase", lacks: ["steamroller", ["fsgsbase"]] },
  "arm-A510-A710-A715-X3": { machine: "aarch64", target: "neoverse_n1", why: "cpu0 is an A510 (part 0xd46, no target) without SVE: n2/v2 need sve", lacks: ["neoverse_n2", ["sve", "sve2"]] },
  "ppc64-POWER7": { machine: "ppc64", target: "power7", why: "cpu says POWER7, generation 7" },
  "ppc64-POWER7-64cpu": { machine: "ppc64", target: "power7", why: "cpu says POWER7, generation 7" },
  "ppc-qemu": { machine: "ppc", target: "ppc", why: "32-bit ppc has no check: uname -m verbatim" },
  "rv64-linux": { machine: "riscv64", target: "u74mc", why: "uarch sifive,u74-mc" },
  "rv64-visionfive2": { machine: "riscv64", target: "u74mc", why: "uarch sifive,u74-mc" },
  "rv64-milkvpioneer": { machine: "riscv64", target: "riscv64", why: "SG2042 prints no uarch" },
  "armv7": { machine: "armv7l", target: "armv7l", why: "no check for armv7l: uname -m verbatim" },
  "sparc64": { machine: "sparc64", target: "sparc64", why: "no check for sparc64: uname -m verbatim" },
  "loongarch-kvm_on_loongson_3c6000": { machine: "loongarch64", target: "loongarch64", why: "no check: uname -m verbatim" },
  "loongarch-loongson_3a5000_hv": { machine: "loongarch64", target: "loongarch64", why: "no check: uname -m verbatim" },
  "s390-kvm": { machine: "s390x", target: "s390x", why: "no check for s390x: uname -m verbatim" },
  "s390-lpar": { machine: "s390x", target: "s390x", why: "no check for s390x: uname -m verbatim" },
  "s390-lpar-drawer": { machine: "s390x", target: "s390x", why: "no check for s390x: uname -m verbatim" },
  "s390-nested-virt": { machine: "s390x", target: "s390x", why: "no check for s390x: uname -m verbatim" },
  "s390-zvm": { machine: "s390x", target: "s390x", why: "no check for s390x: uname -m verbatim" },
};

function cpuinfo(name: string): string {
  return fs.readFileSync(path.join(unpackedRoot(name), "proc", "cpuinfo"), "utf8");
}

describe("lscpu corpus roots", () => {
  test("every corpus machine has a case", () => {
    expect(Object.keys(CASES).sort()).toEqual(corpusNames());
  });

  for (const [name, c] of Object.entries(CASES)) {
    test(`${name} (${c.machine}) → ${c.target}: ${c.why}`, () => {
      const text = cpuinfo(name);
      const r = detectTarget(text, c.machine)!;
      expect(r.name).toBe(c.target);
      if (c.lacks) {
        const [next, missing] = c.lacks;
        const info = hostInfo(text, c.machine);
        for (const f of missing) {
          expect(targets().byName.get(next)!.features.has(f)).toBe(true);
          expect(info.features.has(f)).toBe(false);
        }
      }
    });
  }

  test("the EPYC 7451 dump: vendor, generic level and what an image may target", () => {
    const r = detectTarget(cpuinfo("x86_64-epyc_7451"), "x86_64")!;
    expect(r).toEqual({ name: "zen", vendor: "AuthenticAMD", generic: "x86_64_v3", ancestors: ["x86_64_v3", "x86_64_v2", "x86_64"] });
  });

  test("a POWER7 dump on ppc64le has no LE target of its generation → ppc64le", () => {
    expect(detectTarget(cpuinfo("ppc64-POWER7"), "ppc64le")!.name).toBe("ppc64le");
  });
});
