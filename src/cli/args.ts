/**
 * Command-line options for every command, over `node:util` `parseArgs` (both Bun and
 * Deno ship it): the runtimes word parseArgs' errors differently (and name JavaScript types), so
 * the arguments are checked here first and every mistake gets compspec's own
 * message, with a suggestion for a mistyped option:
 * `extract: unknown option --nmae; did you mean --name?`
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closestName } from "../util/closest_name.ts";
import { usageError } from "./output.ts";

export { closestName, editDistance } from "../util/closest_name.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parse `argv` for a command (`--help`/`-h` added); throws a usage error naming the command on a bad argument. */
export function parseCommandArgs<T extends Options>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  const all = { help: { type: "boolean", short: "h" }, ...options } as const satisfies Options;
  const problem = argumentProblem(argv, all, allowPositionals);
  const see = ` (see 'compspec ${command} --help')`;
  if (problem !== undefined) throw usageError(`${command}: ${problem}${problem.includes("did you mean") ? "" : see}`);
  try {
    return parseArgs({ args: argv, options: all, allowPositionals, strict: true });
  } catch {
    // argumentProblem covers what parseArgs refuses; this is a safety net without the runtime's wording.
    throw usageError(`${command}: cannot parse the arguments ${JSON.stringify(argv.join(" "))}${see}`);
  }
}

/** What is wrong with `argv` for `options`, in words, or `undefined` when nothing is. */
export function argumentProblem(argv: string[], options: Options, allowPositionals: boolean): string | undefined {
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind === "positional") {
      if (!allowPositionals) return `unexpected argument ${JSON.stringify(t.value)}`;
      continue;
    }
    if (t.kind !== "option") continue;
    const spec = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (spec === undefined) {
      const guess = suggestOption(t.rawName, options);
      return `unknown option ${t.rawName}${guess === undefined ? "" : `; did you mean ${guess}?`}`;
    }
    if (spec.type === "string") {
      if (t.value === undefined) return `option ${t.rawName} needs a value`;
      // "--out --force": the value was forgotten; a value may start with '-' only when attached.
      if (!t.inlineValue && t.value.startsWith("-") && t.value !== "-") {
        if (isOptionName(t.value, options)) return `option ${t.rawName} needs a value`;
        const attached = t.rawName.startsWith("--") ? `${t.rawName}=${t.value}` : `${t.rawName}${t.value}`;
        return `option ${t.rawName} needs a value (one that starts with '-' is written attached: ${attached})`;
      }
    } else if (t.value !== undefined) {
      return `option ${t.rawName} takes no value`;
    }
  }
  return undefined;
}

function isOptionName(arg: string, options: Options): boolean {
  const name = arg.replace(/=.*$/, "");
  if (name.startsWith("--")) return Object.hasOwn(options, name.slice(2));
  return Object.values(options).some((o) => o.short !== undefined && name === `-${o.short}`);
}

/** The option a user most likely meant by `raw` (`--nmae` → `--name`), or `undefined` when none is close. */
export function suggestOption(raw: string, options: Options): string | undefined {
  if (!raw.startsWith("--")) {
    // -N for -n: the same letter in the other case.
    const letter = raw.slice(1);
    const short = Object.values(options).map((o) => o.short).find((s) => s !== undefined && s.toLowerCase() === letter.toLowerCase());
    return short === undefined ? undefined : `-${short}`;
  }
  const given = raw.slice(2).toLowerCase();
  const names = Object.keys(options);
  // A unique abbreviation (--node for --node-dir).
  const prefixed = names.filter((n) => n.startsWith(given));
  if (given.length >= 2 && prefixed.length === 1) return `--${prefixed[0]}`;
  const best = closestName(given, names);
  return best === undefined ? undefined : `--${best}`;
}
