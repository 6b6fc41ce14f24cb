/**
 * A command declared once: its options (type, short letter, value name,
 * choices, whether required, help lines) and the blocks of its `--help`. From
 * that one spec come the parser's configuration, the help text (and so the
 * man page, which scripts/man.ts makes from the help texts), the values typed
 * from the spec (a choice option's value is one of its choices, validated,
 * never cast; a required one is never undefined), and the usage errors:
 * `create nodes: --node-dir DIR is required (see 'compspec create nodes --help')`,
 * `describe: unknown --format "x"; valid: text, markdown, …`.
 *
 * @module
 */
import * as v from "valibot";
import { parseCommandArgs } from "./args.ts";
import { renderHelp } from "./command_help.ts";
import type { HelpBlock, OptionSpec, OptionSpecs, OptionValues } from "./option_definition.ts";

export type { HelpBlock, OptionSpec, OptionSpecs, OptionValues } from "./option_definition.ts";
import { usageError, writeStdout } from "./output.ts";

/** A command: its name (`create nodes`), options, whether it takes positional arguments, and its help. */
export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  readonly name: string;
  readonly options: O;
  readonly positionals?: boolean;
  /** The help text's blocks, in order (blank lines between them). */
  readonly help: readonly HelpBlock[];
}

/** `-h, --help`, which every command has. */
export const HELP_OPTION = { type: "boolean", short: "h", help: ["this help"] } as const satisfies OptionSpec;

/** What {@linkcode parseCommand} gives a command to run with. */
export interface ParsedCommand<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

/** Declare a command (the identity, for type inference of its options). */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** The help text of `spec`, as `compspec <command> --help` prints it. */
export function commandHelp(spec: CommandSpec): string {
  return renderHelp(spec.help, { ...spec.options, help: HELP_OPTION });
}

/** `--name VALUE` (or `--name` for a switch), as messages name an option. */
export function optionLabel(name: string, option: OptionSpec): string {
  return option.value === undefined ? `--${name}` : `--${name} ${option.value}`;
}

/**
 * Parse `argv` for `spec`: `undefined` when `--help` was asked for (the help
 * is then written to stdout), else the values, choices and required options
 * checked. Throws a usage error (exit 2) naming the command and the option.
 */
export function parseCommand<O extends OptionSpecs>(spec: CommandSpec<O>, argv: string[]): ParsedCommand<O> | undefined {
  const config = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  ) as Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;
  const { values, positionals } = parseCommandArgs(spec.name, argv, config, spec.positionals ?? false);
  if (values.help) {
    writeStdout(commandHelp(spec));
    return undefined;
  }
  const checked: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const value = values[name];
    if (option.choices !== undefined && value !== undefined) checkChoices(spec.name, name, option.choices, value);
    if (option.required && value === undefined) {
      throw usageError(`${spec.name}: ${optionLabel(name, option)} is required (see 'compspec ${spec.name} --help')`);
    }
    if (value !== undefined) checked[name] = value;
  }
  return { values: checked as OptionValues<O>, positionals };
}

function checkChoices(command: string, name: string, choices: readonly string[], value: string | boolean | (string | boolean)[]): void {
  const schema = v.picklist(choices);
  for (const one of Array.isArray(value) ? value : [value]) {
    if (!v.is(schema, one)) throw usageError(`${command}: unknown --${name} ${JSON.stringify(one)}; valid: ${choices.join(", ")}`);
  }
}
