/** io.archspec.cpu.target requirements follow archspec's order (§5 of the compat spec). */
import { describe, expect, test } from "bun:test";
import { archspecSatisfies } from "../../src/compat/archspec_order.ts";

describe("archspec order", () => {
  const cases: [string, string, "pass" | "fail" | "unknown"][] = [
    ["haswell", "skylake", "pass"],
    ["x86_64_v3", "skylake", "pass"],
    ["x86_64", "skylake", "pass"],
    ["skylake", "skylake", "pass"],
    ["icelake", "zen3", "fail"],
    ["skylake", "haswell", "fail"], // a newer build does not run on an older CPU
    ["x86_64_v4", "zen4", "pass"],
    ["neoverse_n1", "neoverse_v2", "pass"],
    ["aarch64", "skylake", "fail"], // another family
    ["amd64", "zen3", "pass"], // Go names stand for the family root
    ["arm64", "neoverse_v2", "pass"],
    ["amd64", "neoverse_v2", "fail"],
    ["x86_64", "amd64", "pass"], // a node known only by its Go name
    ["haswell", "amd64", "unknown"],
    ["neoverse_n1", "amd64", "fail"],
    ["i386", "skylake", "unknown"], // no exact archspec name
    ["futurelake", "skylake", "unknown"], // not in the bundled data
    ["haswell", "futurelake", "unknown"],
  ];
  for (const [required, node, want] of cases) {
    test(`${node} ${want === "pass" ? "runs" : want === "fail" ? "does not run" : "cannot tell about"} ${required} builds`, () => {
      expect(archspecSatisfies(required, node).status).toBe(want);
    });
  }
  test("a failure says what is true: not in the lineage, which features the node's target lacks, and what to name instead (#20)", () => {
    // All of sandybridge's features, but not its line: the generic target both lines share would admit it.
    expect(archspecSatisfies("sandybridge", "zen3").note).toBe(
      "sandybridge is not in zen3's archspec lineage, though zen3 has all of sandybridge's features; an artifact naming x86_64_v2 (in both lineages) would admit it",
    );
    // x86_64_v4 is not "older than haswell": it lacks three of haswell's features in archspec's data, and shares x86_64_v3.
    expect(archspecSatisfies("haswell", "x86_64_v4").note).toBe(
      "haswell is not in x86_64_v4's archspec lineage, and archspec's x86_64_v4 does not list 3 of haswell's features (aes, pclmulqdq, rdrand); a build for x86_64_v3 (in both lineages) would run there",
    );
    expect(archspecSatisfies("icelake", "zen3").note).toMatch(/^icelake is not in zen3's archspec lineage, and archspec's zen3 does not list 16 of icelake's features \(adx, avx512_bitalg, avx512_vbmi2, avx512_vnni, avx512_vpopcntdq, …\); a build for x86_64_v3/);
    // POWER targets have no feature lists: only the lineage is claimed.
    expect(archspecSatisfies("power10le", "power9le").note).toBe("power10le is not in power9le's archspec lineage; a build for ppc64le (in both lineages) would run there");
    for (const [r, h] of [["sandybridge", "zen3"], ["haswell", "x86_64_v4"], ["power10le", "power9le"]] as const) {
      expect(archspecSatisfies(r, h).note).not.toMatch(/or newer/);
      expect(archspecSatisfies(r, h).status).toBe("fail");
    }
  });
  test("a target newer than the data is judged by the ancestry the node recorded", () => {
    expect(archspecSatisfies("haswell", "futurelake", "skylake,haswell,x86_64_v3,x86_64").status).toBe("pass");
    expect(archspecSatisfies("icelake", "futurelake", "skylake,haswell,x86_64").status).toBe("fail");
  });
});
