/**
 * command_definition.ts: one declaration per command gives its parser, its typed
 * values (choices validated, required options present), its usage errors and
 * its --help; every migrated command's --help is what its spec renders.
 */
import { describe, expect, test } from "bun:test";
import { commandHelp, defineCommand, parseCommand } from "../../src/cli/command_definition.ts";
import { optionEntry } from "../../src/cli/command_help.ts";
import { CliError } from "../../src/cli/output.ts";
import { runInProcess } from "./run_in_process.ts";

const SPEC = defineCommand({
  name: "demo run",
  options: {
    in: { type: "string", short: "i", value: "FILE", required: true, help: ["the input"] },
    format: { type: "string", value: "FORMAT", choices: ["a", "b"], help: ["a (default) or b"] },
    tag: { type: "string", multiple: true, value: "TAG", help: ["a tag (repeatable)"] },
    "very-long-option-name": { type: "boolean", help: ["too long for the column:", "its help goes under it"] },
  },
  help: [
    "Usage: compspec demo run -i FILE [--format a|b]",
    "Does a demo.",
    { title: "Options", options: ["in", "format", "tag", "very-long-option-name", "help"], column: 22, note: "  A note under the list." },
  ],
});

function usageMessage(argv: string[]): string {
  try {
    parseCommand(SPEC, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    return (e as CliError).message;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

describe("a declared command", () => {
  test("values are typed from the spec: a choice is one of its choices, a required option a string", () => {
    const parsed = parseCommand(SPEC, ["-i", "x.json", "--format", "b", "--tag", "t1", "--tag", "t2"])!;
    const format: "a" | "b" | undefined = parsed.values.format;
    const input: string = parsed.values.in;
    expect({ format, input, tags: parsed.values.tag }).toEqual({ format: "b", input: "x.json", tags: ["t1", "t2"] });
    expect(parsed.values["very-long-option-name"]).toBeUndefined();
  });

  test("a value outside the choices, a missing required option: usage errors naming the command", () => {
    expect(usageMessage(["-i", "x", "--format", "c"])).toBe(`demo run: unknown --format "c"; valid: a, b`);
    expect(usageMessage([])).toBe("demo run: --in FILE is required (see 'compspec demo run --help')");
    expect(usageMessage(["-i", "x", "--formt", "a"])).toBe("demo run: unknown option --formt; did you mean --format?");
  });

  test("--help comes before the required options are checked", async () => {
    const r = await runInProcess(["create", "state", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toStartWith("Usage: compspec create state");
  });

  test("the help: blocks apart by blank lines, options at the column, (required) ending at column 84, long options on their own line", () => {
    expect(commandHelp(SPEC)).toBe(`Usage: compspec demo run -i FILE [--format a|b]

Does a demo.

Options:
  -i, --in FILE       the input${" ".repeat(84 - 10 - 22 - "the input".length)}(required)
      --format FORMAT a (default) or b
      --tag TAG       a tag (repeatable)
      --very-long-option-name
                      too long for the column:
                      its help goes under it
  -h, --help          this help
  A note under the list.
`);
    expect(optionEntry("x", { type: "boolean", help: ["one"] }, 10)).toBe("      --x one");
  });
});
