/** The registry commands' help and usage errors (no registry needed). */
import { expect, test } from "bun:test";
import { runInProcess } from "./run_in_process.ts";

test("artifact push / pull and match have --help, also through 'compspec help'", async () => {
  for (const cmd of [["artifact", "push"], ["artifact", "pull"], ["match"]]) {
    const r = await runInProcess([...cmd, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: compspec ${cmd.join(" ")}`);
    expect(r.stdout).toContain("--registry-password-stdin");
    expect((await runInProcess(["help", ...cmd])).stdout).toBe(r.stdout);
  }
  const group = await runInProcess(["artifact"]);
  expect(group.status).toBe(2);
  expect(group.stderr).toContain("compspec artifact push");
  expect(group.stderr).toContain("compspec artifact pull");
});

test("missing required options and bad values are usage errors naming the command", async () => {
  const cases: [string[], string][] = [
    [["artifact", "push", "--image", "h.io/a:b"], "artifact push: --artifact FILE is required"],
    [["artifact", "push", "--artifact", "x"], "artifact push: --image REF is required"],
    [["artifact", "push", "--artifact", "x", "--image", "h.io/a:b", "--kind", "oci"], "artifact push: unknown --kind \"oci\"; valid: nfd, compspec"],
    [["artifact", "push", "--artifact", "x", "--image", "h.io/a:b", "--created", "yesterday"], "--created \"yesterday\": expected an RFC 3339 time"],
    [["artifact", "push", "--artifact", "/nonexistent-compspec.yaml", "--image", "h.io/a:b"], "artifact push: /nonexistent-compspec.yaml: no such file or folder"],
    [["artifact", "pull"], "artifact pull: --image REF is required"],
    [["artifact", "pull", "--image", "h.io/a:b", "--timeout", "0"], "--timeout \"0\""],
    [["artifact", "pull", "--image", "h.io/a:b", "--registry-password-stdin", "--registry-token-stdin"], "both read standard input"],
    [["match"], "match: --in MANIFEST.yaml is required"],
    [["match", "--in", "m.yaml", "-m", "novalue"], "--match \"novalue\": expected key=value"],
    [["match", "--in", "/nonexistent-compspec.yaml"], "match: /nonexistent-compspec.yaml: no such file or folder"],
  ];
  for (const [args, message] of cases) {
    // (exit 2 for all of these)
    const r = await runInProcess(args, { env: { DOCKER_CONFIG: "/nonexistent-compspec" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  }
});

test("artifact pull -o into a missing folder or onto a folder fails before any network work (exit 1)", async () => {
  // 127.0.0.1:1 refuses connections: the output check must come first.
  let r = await runInProcess(["artifact", "pull", "--plain-http", "--image", "127.0.0.1:1/a:b", "-o", "/nonexistent-compspec/x.yaml"]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("folder /nonexistent-compspec does not exist");
  r = await runInProcess(["artifact", "pull", "--plain-http", "--image", "127.0.0.1:1/a:b", "-o", "/tmp"]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("/tmp: it is a folder");
});
