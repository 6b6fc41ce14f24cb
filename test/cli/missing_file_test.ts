/**
 * A missing file or folder is worded one way, whichever command and option
 * names it (util/errors.ts systemErrorText's ENOENT): `OPTION PATH: no such
 * file or folder`.
 */
import { describe, expect, test } from "bun:test";
import * as path from "node:path";
import { FIXTURES, runCli } from "../util/fixtures.ts";

const MISSING = "/nonexistent-compspec/x";
const ARTIFACT = path.join(FIXTURES, "compat", "compspec-go", "generated-compatibility-spec.json");

describe("a missing input is 'no such file or folder' everywhere", () => {
  const cases: [string, string[]][] = [
    ["create nodes --node-dir", ["create", "nodes", "--cluster-name", "c", "--node-dir", MISSING]],
    ["describe --node-dir", ["describe", "--node-dir", MISSING]],
    ["describe --graph", ["describe", "--graph", MISSING]],
    ["diff", ["diff", MISSING, MISSING]],
    ["extract --root", ["extract", "--root", MISSING]],
    ["check --artifact", ["check", "--artifact", MISSING]],
    ["check --node-file", ["check", "--artifact", ARTIFACT, "--node-file", MISSING]],
    ["match --in", ["match", "--in", MISSING]],
    ["artifact push --artifact", ["artifact", "push", "--artifact", MISSING, "--image", "h.io/a:b"]],
    ["create subsystem --node-dir", ["create", "subsystem", "--cluster-name", "c", "--node-dir", MISSING, "--subsystem", "compat-os"]],
    ["create jobspec --artifact", ["create", "jobspec", "--artifact", MISSING, "--command", "app"]],
    ["create jobspec --graph", ["create", "jobspec", "--artifact", ARTIFACT, "--command", "app", "--graph", MISSING]],
  ];
  for (const [name, args] of cases) {
    test(name, () => {
      const r = runCli(args);
      expect(r.status === 1 || r.status === 2).toBe(true);
      expect(r.stderr).toContain(`${MISSING}: no such file or folder`);
      expect(r.stderr).not.toContain("does not exist");
    });
  }
});
