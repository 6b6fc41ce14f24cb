/**
 * Issue #21: `match --in` gets the bounds the artifact parser has (shared in
 * util/document_limits.ts): a 16 MB `[[[[…` manifest is refused in a moment
 * (it cost 36 s and 5.6 GB), and so is YAML over 1 MiB or nested too deeply.
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError, parseMatchManifest } from "../../src/match/inputs.ts";
import { MAX_DOCUMENT_BYTES, MAX_NESTING } from "../../src/util/document_limits.ts";
import { REPO, tempDir } from "../util/fixtures.ts";

test("match --in a 16 MB [[[[ manifest: exit 2 at once, naming the file", () => {
  const file = path.join(tempDir(), "deep.yaml");
  fs.writeFileSync(file, "[".repeat(16 * 1024 * 1024 - 16));
  const r = spawnSync(process.execPath, [path.join(REPO, "src/main.ts"), "match", "--in", file, "-m", "a=b"], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 20_000,
  });
  expect(r.stderr).toBe(`compspec: error: match: ${file}: is nested more than 64 levels deep\n`);
  expect(r.status).toBe(2);
});

const refused = async (text: string) => {
  const e = await parseMatchManifest(text, "m.yaml").catch((e) => e as Error);
  expect(e).toBeInstanceOf(InputError);
  return (e as Error).message;
};

test("nesting: flow and block YAML and valid JSON alike; 64 levels still read", async () => {
  const deep = MAX_NESTING + 1;
  expect(await refused(`images: ${"[".repeat(deep)}${"]".repeat(deep)}`)).toBe("m.yaml: is nested more than 64 levels deep");
  expect(await refused(`${"[".repeat(deep)}${"]".repeat(deep)}`)).toBe("m.yaml: is nested more than 64 levels deep");
  const block = Array.from({ length: deep + 1 }, (_, i) => `${"  ".repeat(i)}a:`).join("\n") + " 1\n";
  expect(await refused(block)).toBe("m.yaml: is nested more than 64 levels deep");
  const ok = `{"images": [{"name": "x", "extra": ${"[".repeat(MAX_NESTING - 3)}${"]".repeat(MAX_NESTING - 3)}}]}`;
  expect((await parseMatchManifest(ok, "m.json")).images[0]!.name).toBe("x");
});

test("size: YAML over 1 MiB refused before the YAML library runs; JSON of any size the file cap allows", async () => {
  const entry = (i: number) => `- name: registry.example/app-${i}:1.0\n`;
  let yaml = "images:\n";
  for (let i = 0; yaml.length <= MAX_DOCUMENT_BYTES; i++) yaml += entry(i);
  expect(await refused(yaml)).toBe(`m.yaml: is ${yaml.length} bytes of YAML; YAML text may be at most 1048576 bytes (JSON may be larger)`);
  const json = JSON.stringify({ images: Array.from({ length: 40_000 }, (_, i) => ({ name: `registry.example/app-${i}:1.0` })) });
  expect(json.length).toBeGreaterThan(MAX_DOCUMENT_BYTES);
  expect((await parseMatchManifest(json, "m.json")).images.length).toBe(40_000);
});
