/**
 * Publish the node-file schema: JSON Schema generated from the valibot schema in
 * src/node/schema.ts (the single source of the types).
 *
 *   bun scripts/schema.ts           write schema/node-file.schema.json
 *   bun scripts/schema.ts --check   exit 1 when the committed file is out of date
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as fs from "node:fs";
import * as path from "node:path";
import { NodeFileSchema } from "../src/node/schema.ts";

/** The schema document as it should be committed. */
export function nodeFileJsonSchema(): string {
  const schema = {
    ...toJsonSchema(NodeFileSchema),
    $id: "https://github.com/compspec/compspec/schema/node-file.schema.json",
    title: "compspec node file",
    description:
      "What `compspec extract` writes for one node: results keyed by extractor, then section, then flat string keys. compspec-go's files (no `compspec` block) validate too.",
  };
  return JSON.stringify(schema, null, 2) + "\n";
}

if (import.meta.main) {
  const target = path.resolve(import.meta.dir, "../schema/node-file.schema.json");
  const text = nodeFileJsonSchema();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current !== text) {
      console.error("schema/node-file.schema.json is out of date: run bun scripts/schema.ts");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(target, text);
    console.error(`wrote ${target}`);
  }
}
