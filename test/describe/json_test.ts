import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v from "valibot";
import { PUBLISHED, publishedJsonSchema } from "../../scripts/schema.ts";
import { diffNodes } from "../../src/describe/diff.ts";
import { diffJson, DiffJsonSchema } from "../../src/describe/diff_view.ts";
import { describeCluster } from "../../src/describe/groups.ts";
import { describeJson, DescribeJsonSchema } from "../../src/describe/json.ts";
import { validate } from "../graph/jgf_schema.ts";
import { REPO } from "../util/fixtures.ts";
import { goFile, host, kernel, lessMemory, realFile, summary, withoutGpu } from "./nodes.ts";

const GiB = 1024 * 1024;
const schema = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO, "schema", file), "utf8"));

describe("JSON views and their schemas", () => {
  test("the committed schemas are the generated ones", () => {
    for (const p of PUBLISHED) expect(fs.readFileSync(path.join(REPO, "schema", p.file), "utf8")).toBe(publishedJsonSchema(p));
  });

  const nodes = [
    ...Array.from({ length: 8 }, (_, i) => summary(realFile(host(i + 1)))),
    summary(realFile(host(9), lessMemory(32 * GiB))),
    summary(goFile(), "node-1"),
  ];

  test("describe --format json: groups, totals, outliers; valid against both schemas", () => {
    const doc = describeJson(describeCluster(nodes), "test");
    expect(v.safeParse(DescribeJsonSchema, doc).issues).toBeUndefined();
    expect(validate(JSON.parse(JSON.stringify(doc)), schema("describe.schema.json"))).toEqual([]);
    expect(doc.totals).toMatchObject({ nodes: 10, groups: 3, sockets: 19, cores: 578, pus: 1154 });
    expect(doc.groups[0]).toMatchObject({
      hostlist: "gpu[001-008]",
      count: 8,
      cpu: { vendor: "GenuineIntel", target: "sapphirerapids", arch: [{ value: "x86_64", count: 8 }] },
      layout: { sockets: 2, cores: 64, pus: 128, cores_per_socket: [32, 32], threads_per_core: 2, exact: true },
      numa: { nodes: 4 },
      memory: { mib: 515566, gib: 503, text: "503 GiB" },
      gpus: [{ model: "NVIDIA H100 SXM5 80GB", count: 4 }],
      kernels: [{ value: "5.14.0-427.13.1.el9_4.x86_64", count: 8 }],
    });
    expect(doc.groups.find((g) => g.hostlist === "node-1")!.layout.exact).toBe(false);
    expect(doc.outliers).toEqual([{
      hostlist: "gpu009",
      count: 1,
      field: "memory",
      value: "471 GiB",
      expected: "503 GiB",
      like: "gpu[001-008]",
      text: "memory 471 GiB, not 503 GiB",
    }]);
  });

  test("describe --format json: unknown memory is null (not 0), and the totals count those nodes", () => {
    const f = realFile(host(10));
    delete f.results.system!.sections.memory;
    const doc = describeJson(describeCluster([...nodes, summary(f)]), "test");
    expect(v.safeParse(DescribeJsonSchema, doc).issues).toBeUndefined();
    expect(validate(JSON.parse(JSON.stringify(doc)), schema("describe.schema.json"))).toEqual([]);
    const unknown = doc.groups.find((g) => g.hostlist === "gpu010")!;
    expect(unknown.memory).toEqual({ mib: null, gib: null, text: "unknown" });
    expect(doc.totals.memory_unknown_nodes).toBe(1);
    const known = describeJson(describeCluster(nodes), "test");
    expect(known.totals.memory_unknown_nodes).toBe(0);
    expect(doc.totals.memory_mib).toBe(known.totals.memory_mib);
  });

  test("diff --json: valid against both schemas", () => {
    const after = [
      ...nodes.slice(1, 5),
      summary(realFile(host(6), kernel("5.14.0-503.el9.x86_64"))),
      summary(realFile(host(7), withoutGpu(0))),
      summary(realFile(host(10))),
    ];
    const doc = diffJson(diffNodes(nodes, after), "old", "new");
    expect(v.safeParse(DiffJsonSchema, doc).issues).toBeUndefined();
    expect(validate(JSON.parse(JSON.stringify(doc)), schema("diff.schema.json"))).toEqual([]);
    expect(doc.changed).toBe(true);
    expect(doc.added.map((a) => a.hostlist)).toEqual(["gpu010"]);
    // Removed nodes are summarized as describe groups them: gpu009 has a DIMM less.
    expect(doc.removed.map((a) => [a.hostlist, a.count])).toEqual([["gpu[001,008]", 2], ["gpu009", 1], ["node-1", 1]]);
  });
});
