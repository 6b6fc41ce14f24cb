/**
 * Publish the JSON Schemas, generated from the valibot schemas that are the
 * single source of the types: the node file (src/node/schema.ts) and the
 * `compspec check --json` report (src/compat/report.ts).
 *
 *   bun scripts/schema.ts           write schema/*.schema.json
 *   bun scripts/schema.ts --check   exit 1 when a committed file is out of date
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as v from "valibot";
import { CheckReportSchema } from "../src/compat/report.ts";
import { NodeFileSchema } from "../src/node/schema.ts";

function publish(schema: v.GenericSchema, name: string, title: string, description: string): string {
  const doc = {
    ...toJsonSchema(schema),
    $id: `https://github.com/compspec/compspec/schema/${name}`,
    title,
    description,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

/** The node-file schema document as it should be committed. */
export function nodeFileJsonSchema(): string {
  return publish(
    NodeFileSchema,
    "node-file.schema.json",
    "compspec node file",
    "What `compspec extract` writes for one node: results keyed by extractor, then section, then flat string keys. compspec-go's files (no `compspec` block) validate too.",
  );
}

/** The check-report schema document as it should be committed. */
export function checkReportJsonSchema(): string {
  return publish(
    CheckReportSchema,
    "check-report.schema.json",
    "compspec check report",
    "What `compspec check --json` prints: for each target (this machine, a root, a node file, a node folder, or a graph's cluster), how many nodes can run the image and with which compatibility set, the nodes grouped by their reasons, and the top choice across targets. See docs/compat.md.",
  );
}

/** Every published schema: file name → content. */
export const SCHEMAS: Readonly<Record<string, () => string>> = {
  "node-file.schema.json": nodeFileJsonSchema,
  "check-report.schema.json": checkReportJsonSchema,
};

if (import.meta.main) {
  const dir = path.resolve(import.meta.dir, "../schema");
  let stale = false;
  for (const [name, make] of Object.entries(SCHEMAS)) {
    const target = path.join(dir, name);
    const text = make();
    if (process.argv.includes("--check")) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
      if (current !== text) {
        console.error(`schema/${name} is out of date: run bun scripts/schema.ts`);
        stale = true;
      }
    } else {
      fs.writeFileSync(target, text);
      console.error(`wrote ${target}`);
    }
  }
  if (stale) process.exit(1);
}
