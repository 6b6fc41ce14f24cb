/**
 * NFD's own 12 node-validator test cases (transcribed in
 * fixtures/compat/nfd/validator-cases.json) and the worked examples
 * (fixtures/compat/nfd/examples/expected.json) give exactly NFD's
 * `--output-json` and the expected per-set verdicts.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { parseArtifact } from "../../src/compat/artifact.ts";
import { featuresFromNfdJson, NfdFeaturesSchema } from "../../src/compat/features.ts";
import { evaluateNfd } from "../../src/compat/nfd_eval.ts";
import { nfdOutputJson } from "../../src/compat/nfd_output.ts";
import { FIXTURES } from "../util/fixtures.ts";

const NFD = path.join(FIXTURES, "compat", "nfd");

interface Case {
  name: string;
  spec: unknown;
  expectedOutput: unknown;
  tags?: string[];
}

const validator = JSON.parse(fs.readFileSync(path.join(NFD, "validator-cases.json"), "utf8")) as {
  nodeFeatures: unknown;
  cases: Case[];
};

describe("NFD node-validator cases", () => {
  const features = featuresFromNfdJson(v.parse(NfdFeaturesSchema, validator.nodeFeatures));
  test("all 12 are here", () => expect(validator.cases.length).toBe(12));
  for (const c of validator.cases) {
    test(c.name, async () => {
      const artifact = await parseArtifact(JSON.stringify(c.spec), `${c.name}.json`);
      if (artifact.kind !== "nfd") throw new Error("not NFD");
      const r = evaluateNfd(artifact, "fake", features, { tags: c.tags, nfdStatus: true });
      expect(r.status).toBeDefined();
      const out = nfdOutputJson(r.status!);
      expect(out).toBe(JSON.stringify(c.expectedOutput));
    });
  }
});

describe("worked examples on node-x86-debian.json", () => {
  const expected = JSON.parse(fs.readFileSync(path.join(NFD, "examples", "expected.json"), "utf8")) as {
    cases: (Case & { spec: string; setVerdicts: boolean[] })[];
  };
  const node = JSON.parse(fs.readFileSync(path.join(NFD, "examples", "node-x86-debian.json"), "utf8"));
  const features = featuresFromNfdJson(v.parse(NfdFeaturesSchema, node));
  for (const c of expected.cases) {
    test(`${c.spec}${c.tags ? ` --tags ${c.tags.join(",")}` : ""}`, async () => {
      const artifact = await parseArtifact(fs.readFileSync(path.join(NFD, "examples", c.spec), "utf8"), c.spec);
      if (artifact.kind !== "nfd") throw new Error("not NFD");
      const r = evaluateNfd(artifact, "debian", features, { tags: c.tags, nfdStatus: true });
      expect(nfdOutputJson(r.status!)).toBe(JSON.stringify(c.expectedOutput));
      expect(r.verdict.sets.map((s) => s.status === "pass")).toEqual(c.setVerdicts);
    });
  }
});
