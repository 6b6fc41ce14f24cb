/**
 * What VMs, emulators and odd kernels do to /proc/cpuinfo, applied to real
 * samples; each expected answer is derived from archspec's algorithm (the test
 * name says how) and, where it rests on the data, the premise is asserted too.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { detectTarget, imageRunsOn, parseFirstBlock } from "../../src/archspec/mod.ts";
import { targets } from "../../src/archspec/targets.ts";
import { FIXTURES } from "../util/fixtures.ts";

function sample(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, "archspec", "cpuinfo-samples", name), "utf8");
}

/** The first processor block of a sample (what archspec reads). */
function firstBlock(name: string): string {
  return sample(name).split(/\n[ \t]*\n/)[0]! + "\n";
}

/** Apply `edit` to the value of `key` in every block (as a VM would on every CPU). */
function editField(text: string, key: string, edit: (value: string) => string | undefined): string {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^([^:]*?)(\s*:\s?)(.*)$/.exec(line);
    if (m && m[1]!.trim() === key) {
      const v = edit(m[3]!);
      if (v !== undefined) out.push(`${m[1]}${m[2]}${v}`);
    } else out.push(line);
  }
  return out.join("\n");
}

const withoutFlags = (text: string, key: string, ...drop: string[]) =>
  editField(text, key, (v) => v.split(/\s+/).filter((f) => !drop.includes(f)).join(" "));
const dropLine = (text: string, key: string) => editField(text, key, () => undefined);
const setField = (text: string, key: string, value: string) => editField(text, key, () => value);

const T = (name: string) => targets().byName.get(name)!;
const name = (cpuinfo: string, machine: string) => detectTarget(cpuinfo, machine)?.name;

describe("x86_64: masked flags", () => {
  const spr = sample("linux-unknown-sapphirerapids");

  test("SPR/EMR KVM guest without waitpkg → icelake (sapphirerapids needs waitpkg, icelake does not)", () => {
    expect(T("sapphirerapids").features.has("waitpkg")).toBe(true);
    expect(T("icelake").features.has("waitpkg")).toBe(false);
    expect(name(withoutFlags(spr, "flags", "waitpkg"), "x86_64")).toBe("icelake");
  });

  test("SPR without avx512vl → alderlake (v4 fails, so only the v3 subtree survives; alderlake is its deepest match)", () => {
    const r = detectTarget(withoutFlags(spr, "flags", "avx512vl"), "x86_64")!;
    expect(r.name).toBe("alderlake");
    expect(r.generic).toBe("x86_64_v3");
  });

  test("Skylake-SP without clwb → x86_64_v4, not skylake (generic floor: skylake does not descend from v4)", () => {
    const r = detectTarget(withoutFlags(sample("linux-rhel7-skylake_avx512"), "flags", "clwb"), "x86_64")!;
    expect(T("skylake_avx512").features.has("clwb")).toBe(true);
    expect(T("skylake").ancestors.map((a) => a.name)).not.toContain("x86_64_v4");
    expect(r).toMatchObject({ name: "x86_64_v4", vendor: "generic", generic: "x86_64_v4" });
    expect(r.ancestors).toEqual(["x86_64_v3", "x86_64_v2", "x86_64"]);
  });

  test("Zen 4 without flush_l1d → x86_64_v4, not zen3 (zen3 is outside the v4 subtree)", () => {
    expect(T("zen4").features.has("flush_l1d")).toBe(true);
    expect(name(withoutFlags(sample("linux-rocky8.5-zen4"), "flags", "flush_l1d"), "x86_64")).toBe("x86_64_v4");
  });

  test("Azure Milan guest without pku → zen2 (zen3 requires pku; zen2 is still above the v3 floor)", () => {
    expect(name(withoutFlags(sample("linux-ubuntu20.04-zen3"), "flags", "pku"), "x86_64")).toBe("zen2");
  });

  test("VirtualBox hiding everything past ssse3 on an Ivy Bridge → core2 (v2 needs sse4_1, core2 only ssse3)", () => {
    const ivy = sample("linux-rhel7-ivybridge");
    const keep = new Set("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx rdtscp lm constant_tsc rep_good nopl pni ssse3 lahf_lm".split(" "));
    const r = detectTarget(editField(ivy, "flags", (v) => v.split(/\s+/).filter((f) => keep.has(f)).join(" ")), "x86_64")!;
    expect(r).toMatchObject({ name: "core2", vendor: "GenuineIntel", generic: "x86_64" });
    expect(r.ancestors).toEqual(["nocona", "x86_64"]);
  });

  test("no ssse3 → x86_64 (no synthetic sse3, so x86_64_v2 and nocona, which need sse3, fail)", () => {
    expect(name(withoutFlags(sample("linux-rhel7-haswell"), "flags", "ssse3"), "x86_64")).toBe("x86_64");
    expect(T("nocona").features.has("sse3")).toBe(true); // Linux prints SSE3 as pni, which archspec never reads
    expect(T("x86_64_v2").features.has("sse3")).toBe(true); // synthetic: the JSON does not list it
  });

  test("a kernel spelling sse4.1 instead of sse4_1 → core2 (host flags are used verbatim, aliases are not applied)", () => {
    const haswell = editField(sample("linux-rhel7-haswell"), "flags", (v) => v.replace(/\bsse4_1\b/, "sse4.1"));
    expect(name(haswell, "x86_64")).toBe("core2");
  });

  test("an old kernel that does not print avx512_vnni on a Cascade Lake → skylake_avx512", () => {
    expect(name(withoutFlags(sample("linux-centos7-cascadelake"), "flags", "avx512_vnni"), "x86_64")).toBe("skylake_avx512");
  });
});

describe("x86_64: vendor line", () => {
  test("missing vendor_id → generic levels only: a Haswell gives x86_64_v3", () => {
    const r = detectTarget(dropLine(sample("linux-rhel7-haswell"), "vendor_id"), "x86_64")!;
    expect(r).toMatchObject({ name: "x86_64_v3", vendor: "generic", generic: "x86_64_v3" });
  });

  test("missing vendor_id on a Sapphire Rapids → x86_64_v4", () => {
    expect(name(dropLine(sample("linux-unknown-sapphirerapids"), "vendor_id"), "x86_64")).toBe("x86_64_v4");
  });

  test("HygonGenuine on Zen flags → x86_64_v3 (vendor must equal AuthenticAMD exactly)", () => {
    expect(name(setField(sample("linux-rhel7-zen"), "vendor_id", "HygonGenuine"), "x86_64")).toBe("x86_64_v3");
  });

  test("vendor_id with an empty value → generic levels only", () => {
    expect(name(setField(sample("linux-rhel7-zen"), "vendor_id", ""), "x86_64")).toBe("x86_64_v3");
  });
});

describe("aarch64: implementer and part", () => {
  const grace = sample("linux-rhel9-neoverse_v2");

  test("unknown implementer 0x6d → aarch64 (raw code is the vendor, so no vendor target; armv8.x/9.x never candidates)", () => {
    const r = detectTarget(setField(grace, "CPU implementer", "0x6d"), "aarch64")!;
    expect(r).toEqual({ name: "aarch64", vendor: "generic", generic: "aarch64", ancestors: [] });
  });

  test("missing CPU implementer line → aarch64 (vendor 'generic')", () => {
    expect(name(dropLine(grace, "CPU implementer"), "aarch64")).toBe("aarch64");
  });

  test("HiSilicon 0x48 with Neoverse features → aarch64 (no HiSilicon target in the data)", () => {
    expect(targets().list.some((t) => t.vendor === "HiSilicon")).toBe(false);
    expect(name(setField(grace, "CPU implementer", "0x48"), "aarch64")).toBe("aarch64");
  });

  test("uppercase implementer 0X41 → aarch64 (the vendor lookup is an exact string match)", () => {
    expect(name(setField(grace, "CPU implementer", "0X41"), "aarch64")).toBe("aarch64");
  });

  test("Grace with part 0xd49 → neoverse_n2 (same features and depth as v2; the part decides)", () => {
    expect(name(setField(grace, "CPU part", "0xd49"), "aarch64")).toBe("neoverse_n2");
  });

  test("Grace with an unknown part 0xfff → neoverse_v2 (no candidate has it: filter off; v2/n2 tie goes to JSON order)", () => {
    expect(name(setField(grace, "CPU part", "0xfff"), "aarch64")).toBe("neoverse_v2");
    expect(name(dropLine(grace, "CPU part"), "aarch64")).toBe("neoverse_v2");
  });

  test("Grace with SVE hidden → neoverse_n1 (part 0xd4f filters feature-compatible candidates only)", () => {
    const noSve = editField(grace, "Features", (v) => v.split(/\s+/).filter((f) => !f.startsWith("sve")).join(" "));
    expect(name(noSve, "aarch64")).toBe("neoverse_n1");
  });

  test("Neoverse V2 (with rng) reporting a V1's part 0xd40 → neoverse_v1 (the part filter keeps the feature-compatible v1)", () => {
    expect(name(setField(sample("linux-unknown-neoverse_v2"), "CPU part", "0xd40"), "aarch64")).toBe("neoverse_v1");
  });

  test("Neoverse N2 without rng reporting part 0xd40 → neoverse_v2 (v1 needs rng: no candidate has the part, filter off, v2/n2 tie to JSON order)", () => {
    const n2 = sample("linux-rhel9-neoverse_n2");
    expect(T("neoverse_v1").features.has("rng")).toBe(true);
    expect(parseFirstBlock(n2).get("Features")!.split(" ")).not.toContain("rng");
    expect(name(setField(n2, "CPU part", "0xd40"), "aarch64")).toBe("neoverse_v2");
  });

  test("Asahi with part 0x023 (Firestorm, no target) → m1 by features", () => {
    expect(name(setField(sample("linux-asahi-m1"), "CPU part", "0x023"), "aarch64")).toBe("m1");
  });

  test("only the first block counts: a big.LITTLE whose cpu0 is a little core with no part match", () => {
    // cpu0 = Graviton2 (neoverse_n1) and cpu1 = Grace: archspec stops at the blank line.
    const text = `${firstBlock("linux-amazon-neoverse_n1")}\n${firstBlock("linux-rhel9-neoverse_v2")}`;
    expect(name(text, "aarch64")).toBe("neoverse_n1");
  });
});

describe("POWER: uname -m decides BE or LE", () => {
  test("the POWER8 (LE) cpuinfo on ppc64 → power8", () => {
    expect(name(sample("linux-centos7-power8le"), "ppc64")).toBe("power8");
  });

  test("the POWER9 (BE) cpuinfo on ppc64le → power9le", () => {
    const r = detectTarget(sample("linux-rhel8-power9"), "ppc64le")!;
    expect(r).toEqual({ name: "power9le", vendor: "IBM", generic: "ppc64le", ancestors: ["power8le", "ppc64le"] });
  });

  test("POWER7 on ppc64le → ppc64le (POWER7 exists only big-endian)", () => {
    expect(name(sample("bgq-rhel6-power7"), "ppc64le")).toBe("ppc64le");
  });

  test("QEMU-emulated CPU (cpu: 740/750) → the family root (generation 0)", () => {
    expect(name(setField(sample("linux-rhel8-power9"), "cpu", "740/750"), "ppc64le")).toBe("ppc64le");
    expect(name(setField(sample("linux-rhel8-power9"), "cpu", "740/750"), "ppc64")).toBe("ppc64");
  });

  test("a future POWER11 → power10le (newest generation ≤ 11)", () => {
    expect(name(setField(sample("linux-unknown-power10"), "cpu", "POWER11 (architected), altivec supported"), "ppc64le")).toBe("power10le");
  });
});

describe("RISC-V", () => {
  test("an unknown uarch (thead,c920) → riscv64", () => {
    expect(name(setField(sample("linux-sifive-u74mc"), "uarch", "thead,c920"), "riscv64")).toBe("riscv64");
  });
});

describe("families without a check, and degenerate input", () => {
  for (const machine of ["s390x", "armv7l", "loongarch64", "ppc", "sparc64", "i686"]) {
    test(`${machine} → '${machine}' verbatim (archspec has no check for it)`, () => {
      expect(detectTarget(sample("linux-rhel7-haswell"), machine)).toEqual({ name: machine, vendor: "generic", generic: machine, ancestors: [] });
    });
  }

  test("no machine family → undefined", () => {
    expect(detectTarget(sample("linux-rhel7-haswell"), "")).toBeUndefined();
  });

  test("empty cpuinfo → the family root (no vendor, no features, generation 0)", () => {
    for (const m of ["x86_64", "aarch64", "ppc64le", "ppc64", "riscv64"]) expect(name("", m)).toBe(m);
  });

  test("CRLF line ends and a leading colon-less line are read as archspec reads them", () => {
    const zen = sample("linux-rhel7-zen");
    expect(name(zen.replaceAll("\n", "\r\n"), "x86_64")).toBe("zen");
    expect(name(`cpuinfo dump\n${zen}`, "x86_64")).toBe("zen");
  });

  test("flags split on Python's whitespace: \\x1f separates (Python splits on it), \\ufeff does not", () => {
    const haswell = sample("linux-rhel7-haswell");
    expect(name(editField(haswell, "flags", (v) => v.split(" ").join("\x1f")), "x86_64")).toBe("haswell");
    // "sse4_1\ufeffsse4_2" is one word to Python: both flags are lost, so v2 fails and core2 is deepest.
    expect(name(editField(haswell, "flags", (v) => v.replace("sse4_1 sse4_2", "sse4_1\ufeffsse4_2")), "x86_64")).toBe("core2");
  });

  test("parseFirstBlock: first block only, later duplicate keys win, values stripped", () => {
    const d = parseFirstBlock("processor\t: 0\nflags\t: a  b \nflags : c\n\nprocessor\t: 1\nflags : z\n");
    expect(d.get("flags")).toBe("c");
    expect(d.get("processor")).toBe("0");
    expect(d.size).toBe(2);
  });
});

describe("properties", () => {
  const SOURCES = ["linux-unknown-sapphirerapids", "linux-rocky9-zen5", "linux-ubuntu24.04-neoverse_v3ae", "linux-ubuntu22.04-ampere1a"];

  test("masking any subset of flags never yields a target the host cannot run, nor one below the best generic level", () => {
    fc.assert(fc.property(fc.constantFrom(...SOURCES), fc.array(fc.nat(), { maxLength: 40 }), (src, picks) => {
      const machine = src.includes("neoverse") || src.includes("ampere") ? "aarch64" : "x86_64";
      const key = machine === "x86_64" ? "flags" : "Features";
      const block = firstBlock(src);
      const flags = parseFirstBlock(block).get(key)!.split(/\s+/);
      const drop = picks.map((i) => flags[i % flags.length]!);
      const text = withoutFlags(block, key, ...drop);
      const have = new Set(parseFirstBlock(text).get(key)!.split(/\s+/));
      if (have.has("ssse3")) have.add("sse3");
      const r = detectTarget(text, machine)!;
      const t = T(r.name);
      for (const f of t.features) expect(have.has(f)).toBe(true);
      for (const a of r.ancestors) expect(imageRunsOn(a, r)).toBe(true);
      // the best generic level the host passes is the result or one of its ancestors
      const generics = targets().list.filter((g) => g.vendor === "generic" && g.family === machine && [...g.features].every((f) => have.has(f)));
      const best = machine === "aarch64" ? "aarch64" : generics.reduce((a, b) => (b.ancestors.length > a.ancestors.length ? b : a)).name;
      expect(imageRunsOn(best, r)).toBe(true);
    }), { numRuns: 300 });
  });
});

describe("imageRunsOn", () => {
  const zen4 = detectTarget(sample("linux-rocky8.5-zen4"), "x86_64")!;
  test("a haswell image does not run on zen4 (vendor line differs), zen3 and x86_64_v4 do", () => {
    expect(imageRunsOn("haswell", zen4)).toBe(false);
    expect(imageRunsOn("zen3", zen4)).toBe(true);
    expect(imageRunsOn("x86_64_v4", zen4)).toBe(true);
    expect(imageRunsOn("zen5", zen4)).toBe(false);
  });
  test("a name absent from the bundled data is unknown, not incompatible", () => {
    expect(imageRunsOn("zen6", zen4)).toBeUndefined();
  });
});
