import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { checkReportJsonSchema, nodeFileJsonSchema } from "../scripts/schema.ts";
import { AnyNodeFileSchema, NodeFileSchema } from "../src/node/schema.ts";
import { FIXTURES, REPO } from "./util/fixtures.ts";

describe("node-file schema", () => {
  test("the published JSON Schema is the one generated from the valibot schema", () => {
    const committed = fs.readFileSync(path.join(REPO, "schema/node-file.schema.json"), "utf8");
    expect(committed).toBe(nodeFileJsonSchema());
  });

  test("compspec-go's real node file validates", () => {
    const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, "compspec-go/node-extract-example.json"), "utf8"));
    expect(v.safeParse(NodeFileSchema, file).success).toBe(true);
  });

  test("the older `extractors` top key is read as `results`", () => {
    const parsed = v.parse(AnyNodeFileSchema, { extractors: { system: { sections: { cpu: { cores: "2" } } } } });
    expect(parsed.results.system?.sections.cpu?.cores).toBe("2");
  });

  test("non-string values are rejected", () => {
    const r = v.safeParse(NodeFileSchema, { results: { system: { sections: { cpu: { cores: 2 } } } } });
    expect(r.success).toBe(false);
  });
});

describe("check-report schema", () => {
  test("the published JSON Schema is the one generated from the valibot schema", () => {
    const committed = fs.readFileSync(path.join(REPO, "schema/check-report.schema.json"), "utf8");
    expect(committed).toBe(checkReportJsonSchema());
  });
});
