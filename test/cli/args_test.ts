/** src/cli/args.ts: compspec's own words for option mistakes, and typo suggestions. */
import { describe, expect, test } from "bun:test";
import { argumentProblem, editDistance, parseCommandArgs, suggestOption } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/output.ts";

const OPTIONS = {
  name: { type: "string", short: "n", multiple: true },
  "node-dir": { type: "string" },
  "nodes-output": { type: "string" },
  out: { type: "string", short: "o" },
  force: { type: "boolean", short: "f" },
} as const;

describe("suggestOption", () => {
  test("typos, abbreviations and a short option in the wrong case", () => {
    expect(suggestOption("--nmae", OPTIONS)).toBe("--name");
    expect(suggestOption("--forse", OPTIONS)).toBe("--force");
    expect(suggestOption("--node-dri", OPTIONS)).toBe("--node-dir");
    expect(suggestOption("--nodes-outptu", OPTIONS)).toBe("--nodes-output");
    expect(suggestOption("--nodes-o", OPTIONS)).toBe("--nodes-output"); // unique abbreviation
    expect(suggestOption("--Name", OPTIONS)).toBe("--name");
    expect(suggestOption("-N", OPTIONS)).toBe("-n");
  });

  test("nothing when nothing is close", () => {
    expect(suggestOption("--node", OPTIONS)).toBeUndefined(); // --node-dir or --nodes-output: ambiguous
    expect(suggestOption("--verbose", OPTIONS)).toBeUndefined();
    expect(suggestOption("--x", OPTIONS)).toBeUndefined();
    expect(suggestOption("-z", OPTIONS)).toBeUndefined();
  });

  test("edit distance counts a swap of neighbours as one edit", () => {
    expect(editDistance("name", "name")).toBe(0);
    expect(editDistance("nmae", "name")).toBe(1);
    expect(editDistance("nam", "name")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("argumentProblem / parseCommandArgs", () => {
  test("good arguments parse to typed values", () => {
    const { values } = parseCommandArgs("x", ["-n", "a", "--name=b", "-f", "--out", "-"], OPTIONS);
    expect(values).toEqual({ name: ["a", "b"], force: true, out: "-" });
    expect(argumentProblem(["--out=-weird"], OPTIONS, false)).toBeUndefined();
    expect(argumentProblem(["-o-weird"], OPTIONS, false)).toBeUndefined();
  });

  test("each mistake in words", () => {
    expect(argumentProblem(["--nmae", "x"], OPTIONS, false)).toBe("unknown option --nmae; did you mean --name?");
    expect(argumentProblem(["--out"], OPTIONS, false)).toBe("option --out needs a value");
    expect(argumentProblem(["-o", "-f"], OPTIONS, false)).toBe("option -o needs a value");
    expect(argumentProblem(["-o", "-weird"], OPTIONS, false)).toBe(
      "option -o needs a value (one that starts with '-' is written attached: -o-weird)",
    );
    expect(argumentProblem(["--force=no"], OPTIONS, false)).toBe("option --force takes no value");
    expect(argumentProblem(["a"], OPTIONS, false)).toBe('unexpected argument "a"');
    expect(argumentProblem(["a", "--", "--out"], OPTIONS, true)).toBeUndefined();
  });

  test("a usage error (exit 2) that names the command", () => {
    try {
      parseCommandArgs("create nodes", ["--forse"], OPTIONS);
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode).toBe(2);
      expect((e as CliError).message).toBe("create nodes: unknown option --forse; did you mean --force?");
    }
  });
});
