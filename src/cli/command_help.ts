/**
 * A command's `--help` text from its spec's help blocks (see
 * command_definition.ts): prose as it is, option lists laid out the one way every
 * command shares, so the man page (scripts/man.ts) reads them alike.
 *
 * @module
 */
import type { HelpBlock, OptionSpec } from "./option_definition.ts";

/** Where "(required)" ends on a required option's last help line. */
const REQUIRED_END = 84;

/** The help text of `blocks`, with `options` (by long name) for their option lists. */
export function renderHelp(blocks: readonly HelpBlock[], options: Readonly<Record<string, OptionSpec>>): string {
  return blocks.map((b) => typeof b === "string" ? b.replace(/\n+$/, "") : optionList(b, options)).join("\n\n") + "\n";
}

function optionList(block: Exclude<HelpBlock, string>, options: Readonly<Record<string, OptionSpec>>): string {
  const entries = block.options.map((name) => {
    const option = options[name];
    if (option === undefined) throw new Error(`help lists --${name}, which the command does not have`);
    return optionEntry(name, option, block.column);
  });
  const note = block.note === undefined ? "" : `\n${block.note.replace(/\n+$/, "")}`;
  return `${block.title}:\n${entries.join("\n")}${note}`;
}

/**
 * `  -o, --out FILE      the first help line` and the others under it; an
 * option too long for the column gets a line of its own, its help under it.
 */
export function optionEntry(name: string, option: OptionSpec, column: number): string {
  const tag = `  ${option.short === undefined ? "    " : `-${option.short}, `}--${name}${option.value === undefined ? "" : ` ${option.value}`}`;
  const lines = [...option.help];
  if (option.required) {
    const last = lines.length - 1;
    const width = column + lines[last]!.length;
    lines[last] += " ".repeat(Math.max(1, REQUIRED_END - "(required)".length - width)) + "(required)";
  }
  const indent = " ".repeat(column);
  const body = lines.map((l, i) => (i === 0 ? l : indent + l));
  if (tag.length < column) return [tag.padEnd(column) + body[0], ...body.slice(1)].join("\n");
  return [tag, indent + body[0], ...body.slice(1)].join("\n");
}
