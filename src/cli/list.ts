/** `compspec list`: every extractor with its sections and what each reports. @module */
import { EXTRACTORS, findExtractor } from "../extractors/registry.ts";
import { countOf } from "../util/plural.ts";
import { parseCommandArgs } from "./args.ts";
import { usageError, writeStdout } from "./output.ts";
import { maxOf } from "../util/array_ops.ts";

/** Help text for `compspec list`. */
export const LIST_HELP = `Usage: compspec list [-n|--name NAME]... [--json]

List every extractor with its sections and a one-line description of each.

Options:
  -n, --name NAME   only this extractor (repeatable)
      --json        machine-readable output
  -h, --help        this help
`;

/** Run `compspec list`. */
export function listCommand(argv: string[]): number {
  const { values } = parseCommandArgs("list", argv, {
    name: { type: "string", short: "n", multiple: true },
    json: { type: "boolean" },
  });
  if (values.help) {
    writeStdout(LIST_HELP);
    return 0;
  }
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
