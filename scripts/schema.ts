/**
 * Publish the JSON Schemas of compspec's documents, each generated from the
 * valibot schema that is the single source of its types:
 *
 *   schema/node-file.schema.json  ← src/node/schema.ts          (compspec extract)
 *   schema/describe.schema.json   ← src/describe/json.ts        (compspec describe --format json)
 *   schema/diff.schema.json       ← src/describe/diff_view.ts   (compspec diff --json)
 *   schema/check-report.schema.json ← src/compat/report.ts      (compspec check --json)
 *
 *   bun scripts/schema.ts           write them
 *   bun scripts/schema.ts --check   exit 1 when a committed file is out of date
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as v from "valibot";
import { DiffJsonSchema } from "../src/describe/diff_view.ts";
import { DescribeJsonSchema } from "../src/describe/json.ts";
import { CheckReportSchema } from "../src/compat/report.ts";
import { NodeFileSchema } from "../src/node/schema.ts";

const BASE = "https://github.com/compspec/compspec/schema";

/** One published schema. */
interface Published {
  file: string;
  schema: v.GenericSchema;
  title: string;
  description: string;
}

/** Every published schema. */
export const PUBLISHED: readonly Published[] = [
  {
    file: "node-file.schema.json",
    schema: NodeFileSchema,
    title: "compspec node file",
    description:
      "What `compspec extract` writes for one node: results keyed by extractor, then section, then flat string keys. compspec-go's files (no `compspec` block) validate too.",
  },
  {
    file: "describe.schema.json",
    schema: DescribeJsonSchema,
    title: "compspec describe --format json",
    description:
      "A cluster at a glance: groups of identical nodes with their RFC 29 hostlists, the totals, and the outliers. Memory is never rounded up (MiB and GiB rounded down; a group shows its smallest node).",
  },
  {
    file: "diff.schema.json",
    schema: DiffJsonSchema,
    title: "compspec diff --json",
    description: "What changed between two sets of nodes: nodes added and removed, and nodes that changed alike with each change.",
  },
  {
    file: "check-report.schema.json",
    schema: CheckReportSchema,
    title: "compspec check report",
    description:
      "What `compspec check --json` prints: for each target (this machine, a root, a node file, a node folder, or a graph's cluster), how many nodes can run the image and with which compatibility set, the nodes grouped by their reasons, and the top choice across targets. See docs/compat.md.",
  },
];

/** The document for `p` as it should be committed. */
export function publishedJsonSchema(p: Published): string {
  const schema = { ...toJsonSchema(p.schema), $id: `${BASE}/${p.file}`, title: p.title, description: p.description };
  return JSON.stringify(schema, null, 2) + "\n";
}

/** The published document named `file` as it should be committed. */
function published(file: string): string {
  return publishedJsonSchema(PUBLISHED.find((p) => p.file === file)!);
}

/** The node-file schema document as it should be committed. */
export function nodeFileJsonSchema(): string {
  return published("node-file.schema.json");
}

/** The check-report schema document as it should be committed. */
export function checkReportJsonSchema(): string {
  return published("check-report.schema.json");
}

if (import.meta.main) {
  const stale: string[] = [];
  for (const p of PUBLISHED) {
    const target = path.resolve(import.meta.dir, "../schema", p.file);
    const text = publishedJsonSchema(p);
    if (process.argv.includes("--check")) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
      if (current !== text) stale.push(`schema/${p.file}`);
    } else {
      fs.writeFileSync(target, text);
      console.error(`wrote ${target}`);
    }
  }
  if (stale.length > 0) {
    console.error(`${stale.join(", ")} out of date: run bun scripts/schema.ts`);
    process.exit(1);
  }
}
