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
  test("a target newer than the data is judged by the ancestry the node recorded", () => {
    expect(archspecSatisfies("haswell", "futurelake", "skylake,haswell,x86_64_v3,x86_64").status).toBe("pass");
    expect(archspecSatisfies("icelake", "futurelake", "skylake,haswell,x86_64").status).toBe("fail");
  });
});
