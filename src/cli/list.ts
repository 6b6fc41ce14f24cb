/** `compspec list`: every extractor with its sections and what each reports. @module */
import { EXTRACTORS, findExtractor } from "../extractors/registry.ts";
import { countOf } from "../util/plural.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { usageError, writeStdout } from "./output.ts";
import { maxOf } from "../util/array_ops.ts";

/** `compspec list`, declared: options and help. */
export const LIST = defineCommand({
  name: "list",
  options: {
    name: { type: "string", short: "n", multiple: true, value: "NAME", help: ["only this extractor (repeatable)"] },
    json: { type: "boolean", help: ["machine-readable output"] },
  },
  help: [
    "Usage: compspec list [-n|--name NAME]... [--json]",
    "List every extractor with its sections and a one-line description of each.",
    { title: "Options", options: ["name", "json", "help"], column: 20 },
  ],
});

/** Run `compspec list`. */
export function listCommand(argv: string[]): number {
  const parsed = parseCommand(LIST, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const names = values.name ?? [];
  for (const n of names) {
    if (!findExtractor(n)) {
      throw usageError(`unknown extractor ${JSON.stringify(n)}; valid extractors: ${EXTRACTORS.map((e) => e.name).join(", ")}`);
    }
  }
  const chosen = names.length ? EXTRACTORS.filter((e) => names.includes(e.name)) : EXTRACTORS;
  if (values.json) {
    writeStdout(JSON.stringify(chosen.map((e) => ({ name: e.name, description: e.description, sections: e.sections })), null, 2) + "\n");
    return 0;
  }
  const lines: string[] = [];
  const width = maxOf(chosen.flatMap((e) => e.sections.map((s) => s.name.length)), 8);
  for (const e of chosen) {
    lines.push(`${e.name}: ${e.description}`);
    for (const s of e.sections) lines.push(`  ${s.name.padEnd(width)}  ${s.description}`);
    lines.push("");
  }
  const sectionCount = chosen.reduce((n, e) => n + e.sections.length, 0);
  lines.push(`${countOf(chosen.length, "extractor")}, ${countOf(sectionCount, "section")}`);
  writeStdout(lines.join("\n") + "\n");
  return 0;
}
