/**
 * #21 item 11: strings from outside (registries, artifacts, node files) are
 * shown with their control characters escaped, in text views and messages.
 * Before, an annotation with `ESC[2K\r…\n` made `check --image` print a fake
 * "artifact verified OK" line, and a CPU model could clear the screen.
 */
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { registryErrorText } from "../../src/registry/http_body.ts";
import { escapeControl, escapeControlDeep, escapeControlLines } from "../../src/util/escape_control.ts";
import { writeArtifactLayout } from "../registry/registry_server.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "./fixtures.ts";

const scratchDir = tempDirsForFile();
const scratch = () => {
  const d = scratchDir("compspec-escape-");
  return d;
};

const FAKE = "\u001b[2K\rartifact verified OK\n";
// deno-lint-ignore no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe("escapeControl", () => {
  test("C0, DEL, C1 and bidi overrides become visible escapes; other text is kept", async () => {
    expect(escapeControl(FAKE)).toBe("\\x1b[2K\\rartifact verified OK\\n");
    expect(escapeControl("a\tb\x7fc\x9bd\u202ee")).toBe("a\\tb\\x7fc\\x9bd\\u202ee");
    expect(escapeControl("Xeon® Platinum 8358 — ünï")).toBe("Xeon® Platinum 8358 — ünï");
    expect(escapeControlLines("line 1\n  line 2\t\u001b[31m\r")).toBe("line 1\n  line 2\t\\x1b[31m\\r");
  });
  test("escapeControlDeep: clean values are returned as they are; shared parts stay shared", async () => {
    const clean = { a: ["x", { b: "y" }], m: new Map([["k", "v"]]) };
    expect(escapeControlDeep(clean)).toBe(clean);
    const shared = { name: "n\u001b" };
    const out = escapeControlDeep({ list: [shared, shared], other: [1, 2] });
    expect(out.list[0]).toEqual({ name: "n\\x1b" });
    expect(out.list[0]).toBe(out.list[1]!);
    const m = escapeControlDeep(new Map([["k\r", new Set(["v\n"])]]));
    expect([...m.keys()]).toEqual(["k\\r"]);
    expect([...m.get("k\\r")!]).toEqual(["v\\n"]);
  });
  test("a registry's error body is one line, escaped", async () => {
    const body = new TextEncoder().encode(JSON.stringify({ errors: [{ code: "DENIED", message: `no${FAKE}` }] }));
    expect(registryErrorText(body)).toBe("DENIED (no\\x1b[2K\\rartifact verified OK\\n)");
  });
});

/** gpu5's node file with a hostile CPU model and OS name, in a folder of its own. */
function hostileNodeDir(): string {
  const dir = scratch();
  const j = JSON.parse(fs.readFileSync(path.join(FIXTURES, "nodes", "extracted", "gpu5.json"), "utf8"));
  j.results.system.sections.cpu.model = `Xeon${FAKE}\u001b]0;pwned\u0007`;
  j.results.system.sections.os.name = `Rocky\u009b2J${FAKE}`;
  fs.writeFileSync(path.join(dir, "gpu5.json"), JSON.stringify(j));
  return dir;
}

describe("text output never carries raw control characters from outside", () => {
  test("describe (text, markdown, slurm) and diff: CPU model and OS name escaped; JSON keeps the real value", async () => {
    const dir = hostileNodeDir();
    for (const format of ["text", "markdown", "slurm"]) {
      const r = await runInProcess(["describe", "--node-dir", dir, "--format", format]);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stdout.split("\n")).not.toContain("artifact verified OK");
    }
    const text = (await runInProcess(["describe", "--node-dir", dir])).stdout;
    expect(text).toContain("Xeon\\x1b[2K\\rartifact verified OK\\n\\x1b]0;pwned\\x07");
    expect(text).toContain("Rocky\\x9b2J");
    const json = JSON.parse((await runInProcess(["describe", "--node-dir", dir, "--format", "json"])).stdout);
    expect(JSON.stringify(json)).toContain("Xeon\\u001b[2K\\rartifact verified OK\\n");
    const diff = await runInProcess(["diff", path.join(FIXTURES, "nodes", "extracted"), dir]);
    expect(diff.stdout).not.toMatch(RAW_CONTROL);
  });

  test("check --image: a referrer's created annotation cannot fake a report line", async () => {
    const dir = path.join(scratch(), "layout");
    writeArtifactLayout(dir, "v1");
    const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "registry", "registry-2.8", "artifact-manifest.json"), "utf8"));
    manifest.annotations["org.opencontainers.image.created"] = `2099-01-01T00:00:00Z${FAKE}`;
    const bytes = Buffer.from(JSON.stringify(manifest));
    const hex = createHash("sha256").update(bytes).digest("hex");
    fs.writeFileSync(path.join(dir, "blobs", "sha256", hex), bytes);
    const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
    // Only the hostile referrer is listed (the fixture's own would be newer than an unparsable date).
    index.manifests = index.manifests.slice(0, 1);
    index.manifests.push({ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: `sha256:${hex}`, size: bytes.length });
    fs.writeFileSync(path.join(dir, "index.json"), JSON.stringify(index));
    const r = await runInProcess(["check", "--image", `oci-layout:${dir}:v1`, "--node-file", path.join(FIXTURES, "nodes", "extracted", "gpu5.json")]);
    expect(r.stdout).toContain(`sha256:${hex}`);
    expect(r.stdout).toContain("2099-01-01T00:00:00Z\\x1b[2K\\rartifact verified OK\\n");
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toMatch(RAW_CONTROL);
      expect(out.split("\n")).not.toContain("artifact verified OK");
    }
  });

  test("an error naming a hostile node file's value is escaped too", async () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, "bad\u001b[2J.json"), "nope");
    const r = await runInProcess(["describe", "--node-dir", dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad\\x1b[2J.json");
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

test("a registry error quoting a platform or media type stays one line (cliErrorOf)", async () => {
  const { cliErrorOf } = await import("../../src/cli/registry_options.ts");
  const { RegistryError } = await import("../../src/registry/errors.ts");
  const e = cliErrorOf(new RegistryError("not-found", `image x has no linux/amd64 manifest (it has: linux/arm64${FAKE})`), "check") as Error;
  expect(e.message).toBe("check: image x has no linux/amd64 manifest (it has: linux/arm64\\x1b[2K\\rartifact verified OK\\n)");
});
