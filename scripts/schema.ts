/**
 * Publish the JSON Schemas of compspec's documents, each generated from the
 * valibot schema that is the single source of its types:
 *
 *   schema/node-file.schema.json  ← src/node/schema.ts          (compspec extract)
 *   schema/describe.schema.json   ← src/describe/json.ts        (compspec describe --format json)
 *   schema/diff.schema.json       ← src/describe/diff_view.ts   (compspec diff --json)
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
];

/** The document for `p` as it should be committed. */
export function publishedJsonSchema(p: Published): string {
  const schema = { ...toJsonSchema(p.schema), $id: `${BASE}/${p.file}`, title: p.title, description: p.description };
  return JSON.stringify(schema, null, 2) + "\n";
}

/** The node-file schema document as it should be committed. */
export function nodeFileJsonSchema(): string {
  return publishedJsonSchema(PUBLISHED[0]!);
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
