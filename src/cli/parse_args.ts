/**
 * `parseArgs` as `node:util` defines it (options, short options and groups of
 * them, `--name=value`, `--`, positionals, tokens, strict mode), for the
 * options compspec declares: `type`, `short` and `multiple`. Loading `node:util`
 * took a fifth of every command's start-up in the compiled binary (1.7M of
 * 9.2M instructions for `compspec version`), so compspec carries these few
 * lines instead; test/cli/parse_args_test.ts checks that they read every
 * argument list as the runtime's `parseArgs` does.
 *
 * @module
 */
import type { parseArgs as NodeParseArgs, ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** One token, as `parseArgs({tokens: true})` gives it. */
type Token =
  | { kind: "option"; name: string; rawName: string; index: number; value: string | undefined; inlineValue: boolean | undefined }
  | { kind: "positional"; index: number; value: string }
  | { kind: "option-terminator"; index: number };

/** A parse error (its words are never shown: `args.ts` words every mistake itself). */
export class ParseArgsError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "ParseArgsError";
  }
}

/** The option's own property `prop`, when `name` is an option. */
function optionGet<K extends "type" | "short" | "multiple">(options: Options, name: string, prop: K): Options[string][K] | undefined {
  return Object.hasOwn(options, name) ? options[name]![prop] : undefined;
}

/** The long name of short option `short` (itself when no option has it). */
function longFor(short: string, options: Options): string {
  for (const [name, o] of Object.entries(options)) if (o.short === short) return name;
  return short;
}

/** `-x…`: a dash, then not a dash. */
function isShort(arg: string): boolean {
  return arg.length > 1 && arg[0] === "-" && arg[1] !== "-";
}

/** The arguments as tokens (node:util's `argsToTokens`). */
function tokensOf(args: readonly string[], options: Options): Token[] {
  const tokens: Token[] = [];
  const remaining = [...args];
  let index = -1;
  while (remaining.length > 0) {
    const arg = remaining.shift()!;
    const next = remaining[0];
    index++;
    if (arg === "--") {
      // Everything after a bare -- is a positional.
      tokens.push({ kind: "option-terminator", index });
      for (const value of remaining) tokens.push({ kind: "positional", index: ++index, value });
      break;
    }
    if (isShort(arg) && arg.length === 2) {
      // -f, or -f VALUE
      const name = longFor(arg[1]!, options);
      let value: string | undefined;
      let inlineValue: boolean | undefined;
      if (optionGet(options, name, "type") === "string" && next !== undefined) {
        value = remaining.shift();
        inlineValue = false;
      }
      tokens.push({ kind: "option", name, rawName: arg, index, value, inlineValue });
      if (value !== undefined) index++;
      continue;
    }
    if (isShort(arg)) {
      const name = longFor(arg[1]!, options);
      if (optionGet(options, name, "type") === "string") {
        // -fVALUE
        tokens.push({ kind: "option", name, rawName: `-${arg[1]}`, index, value: arg.slice(2), inlineValue: true });
        continue;
      }
      // -abc: -a -b -c, each as it comes (a dash among them too); a string option takes the rest
      // of the group as its value, or, last in the group, the next argument.
      for (let i = 1; i < arg.length; i++) {
        const short = arg[i]!;
        const long = longFor(short, options);
        const isString = optionGet(options, long, "type") === "string";
        if (isString && i < arg.length - 1) {
          tokens.push({ kind: "option", name: long, rawName: `-${short}`, index, value: arg.slice(i + 1), inlineValue: true });
          break;
        }
        let value: string | undefined;
        let inlineValue: boolean | undefined;
        if (isString && remaining[0] !== undefined) {
          value = remaining.shift();
          inlineValue = false;
        }
        tokens.push({ kind: "option", name: long, rawName: `-${short}`, index, value, inlineValue });
        if (value !== undefined) index++;
      }
      continue;
    }
    if (arg.length > 2 && arg.startsWith("--")) {
      // `--=x` is an option named "=x": only an `=` after the name's first character separates a value.
      const equals = arg.indexOf("=");
      if (equals < 3) {
        // --foo, or --foo VALUE
        const name = arg.slice(2);
        let value: string | undefined;
        let inlineValue: boolean | undefined;
        if (optionGet(options, name, "type") === "string" && next !== undefined) {
          value = remaining.shift();
          inlineValue = false;
        }
        tokens.push({ kind: "option", name, rawName: arg, index, value, inlineValue });
        if (value !== undefined) index++;
      } else {
        // --foo=VALUE
        const name = arg.slice(2, equals);
        tokens.push({ kind: "option", name, rawName: `--${name}`, index, value: arg.slice(equals + 1), inlineValue: true });
      }
      continue;
    }
    tokens.push({ kind: "positional", index, value: arg });
  }
  return tokens;
}

/** What strict mode refuses in an option token (node:util's `checkOptionUsage` and `checkOptionLikeValue`). */
function strictProblem(t: Extract<Token, { kind: "option" }>, options: Options): string | undefined {
  if (!Object.hasOwn(options, t.name)) return `Unknown option '${t.rawName}'`;
  const type = optionGet(options, t.name, "type");
  if (type === "string" && typeof t.value !== "string") return `Option '${t.rawName}' argument missing`;
  if (type === "boolean" && t.value !== undefined) return `Option '${t.rawName}' does not take an argument`;
  if (!t.inlineValue && t.value !== undefined && t.value.length > 1 && t.value[0] === "-") {
    return `Option '${t.rawName}' argument is ambiguous`;
  }
  return undefined;
}

/** `parseArgs` of `node:util` (see the module's notes for what it supports). */
export const parseArgs = ((config: ParseArgsConfig) => {
  const args = config.args ?? [];
  const strict = config.strict ?? true;
  const allowPositionals = config.allowPositionals ?? !strict;
  const options: Options = config.options ?? {};
  const tokens = tokensOf(args, options);
  const values: Record<string, string | boolean | (string | boolean)[]> = Object.create(null);
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === "option") {
      if (strict) {
        const problem = strictProblem(t, options);
        if (problem !== undefined) throw new ParseArgsError(problem);
      }
      if (t.name === "__proto__") continue;
      const value = t.value ?? true;
      if (optionGet(options, t.name, "multiple")) {
        const list = values[t.name];
        if (Array.isArray(list)) list.push(value);
        else values[t.name] = [value];
      } else {
        values[t.name] = value;
      }
    } else if (t.kind === "positional") {
      if (!allowPositionals) throw new ParseArgsError(`Unexpected argument '${t.value}'`);
      positionals.push(t.value);
    }
  }
  return config.tokens ? { values, positionals, tokens } : { values, positionals };
}) as typeof NodeParseArgs;
