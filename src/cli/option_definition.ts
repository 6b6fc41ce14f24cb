/**
 * The shapes a command declares its options and help with (command_definition.ts
 * parses with them, command_help.ts renders them; registry_flags.ts declares
 * the shared registry options without loading either).
 *
 * @module
 */

/** One option of a command. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** The one-letter form: `o` for `-o`. */
  readonly short?: string;
  /** Repeatable: the values are collected in a list. */
  readonly multiple?: boolean;
  /** The value's name in the help and in messages: `FILE`. */
  readonly value?: string;
  /** Help lines: the first beside the option, the rest under it. */
  readonly help: readonly string[];
  /** The only values a string option takes. */
  readonly choices?: readonly string[];
  /** The command refuses to run without it (its help line says "(required)"). */
  readonly required?: boolean;
}

/** Options by long name (without `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/**
 * A block of a help text: prose as it is, or a titled list of options (by
 * name; `help` is `-h, --help`) with descriptions starting at `column`,
 * optionally followed by `note` lines.
 */
export type HelpBlock = string | { readonly title: string; readonly options: readonly string[]; readonly column: number; readonly note?: string };

type Choice<S extends OptionSpec> = S["choices"] extends readonly (infer C extends string)[] ? C : string;
type ValueOf<S extends OptionSpec> = S["type"] extends "boolean" ? boolean : S["multiple"] extends true ? Choice<S>[] : Choice<S>;
type RequiredKeys<O extends OptionSpecs> = { [K in keyof O]: O[K]["required"] extends true ? K : never }[keyof O];

/** The values of a command's options, typed from its spec. */
export type OptionValues<O extends OptionSpecs> =
  & { -readonly [K in RequiredKeys<O>]: ValueOf<O[K]> }
  & { -readonly [K in Exclude<keyof O, RequiredKeys<O>>]?: ValueOf<O[K]> };
