/** src/cli/parse_args.ts reads every argument list as the runtime's node:util parseArgs does. */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { parseArgs } from "../../src/cli/parse_args.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Option sets like compspec's: string and boolean options, some with a short letter, some repeatable. */
const options: fc.Arbitrary<Options> = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom("name", "out", "force", "node-dir", "a", "b", "x", "pus", "__proto__", "constructor"),
    type: fc.constantFrom("string" as const, "boolean" as const),
    short: fc.option(fc.constantFrom("n", "o", "f", "a", "b", "x"), { nil: undefined }),
    multiple: fc.boolean(),
  }),
  { selector: (o) => o.name, maxLength: 6 },
).map((list) => {
  const out: Options = {};
  const shorts = new Set<string>();
  for (const o of list) {
    const spec: Options[string] = { type: o.type };
    if (o.short !== undefined && !shorts.has(o.short)) {
      shorts.add(o.short);
      spec.short = o.short;
    }
    if (o.multiple) spec.multiple = true;
    Object.defineProperty(out, o.name, { value: spec, enumerable: true, writable: true, configurable: true });
  }
  return out;
});

/** Arguments that exercise every rule: long and short options, groups, attached values, `=`, `--`, `-`. */
const arg = fc.oneof(
  fc.constantFrom("--name", "--out", "--force", "--node-dir", "--pus", "--x", "--unknown", "--", "-", "---", "--=", "--=x", "-=", "--__proto__", "--constructor"),
  fc.constantFrom("-n", "-o", "-f", "-a", "-b", "-x", "-z", "-N", "-abx", "-fo", "-of", "-nfile", "-abnval", "-xa", "-a-b"),
  fc.tuple(fc.constantFrom("--name=", "--out=", "--force=", "--x=", "--zz="), fc.constantFrom("", "v", "-v", "a=b")).map(([a, b]) => a + b),
  fc.constantFrom("value", "-value", "--value", "file.json", "", "é", "x y"),
  fc.stringMatching(/^-{0,3}[abfnox=-]{0,4}$/),
);

/** The runtime's answer, or the fact that it threw. */
function run(parse: typeof nodeParseArgs, config: ParseArgsConfig): unknown {
  try {
    const r = parse(config);
    return { values: { ...r.values }, positionals: r.positionals, tokens: r.tokens };
  } catch (e) {
    return { threw: true, error: e instanceof Error };
  }
}

describe("parseArgs", () => {
  test("the same tokens, values and positionals as node:util's, and a throw where it throws", () => {
    fc.assert(
      fc.property(
        options,
        fc.array(arg, { maxLength: 7 }),
        fc.boolean(),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.boolean(),
        (opts, args, strict, allowPositionals, tokens) => {
          const config: ParseArgsConfig = { args, options: opts, strict, tokens };
          if (allowPositionals !== undefined) config.allowPositionals = allowPositionals;
          expect(run(parseArgs, config)).toEqual(run(nodeParseArgs, config));
        },
      ),
      { numRuns: 5000 },
    );
  });

  test("values have no prototype, as node:util's", () => {
    const { values } = parseArgs({ args: ["--x", "1"], options: { x: { type: "string" } } });
    expect(Object.getPrototypeOf(values)).toBe(Object.getPrototypeOf(nodeParseArgs({ args: [], options: {} }).values));
  });
});
