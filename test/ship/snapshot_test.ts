/**
 * `compspec snapshot`: the lscpu corpus machines, saved as snapshots, give the
 * same extraction (node file and warnings) as their directories; the command
 * writes atomically, names its output, and refuses bad input clearly.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildNodeFile } from "../../src/cli/extract.ts";
import { EXTRACTORS } from "../../src/extractors/registry.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { RecordingHost } from "../../src/host/recording_host.ts";
import { decodeSnapshot, encodeSnapshot } from "../../src/host/snapshot_format.ts";
import { SnapshotHost } from "../../src/host/snapshot_host.ts";
import { corpusNames, REPO, runCli, SEED_LINE, tempDir, unpackedRoot } from "../util/fixtures.ts";

/** Temporary folders made here, removed at the end. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Sections whose values change from one moment to the next on an idle machine,
 * so a snapshot and a later extract differ there (docs/node-file.md, "Volatile
 * keys"): for each, which keys are volatile. All of system[memory] but the sizes.
 */
const VOLATILE: Record<string, (key: string) => boolean> = {
  "system[memory]": (key) => !/^(memtotal|swaptotal|hugepagesize|vmalloctotal|numa\.\d+\.(memtotal|cpus))$/.test(key),
  // Module "parameters" that are counters: free page reporting moves them whenever a VM returns memory.
  "kernel[modules]": (key) => /^module\.page_reporting\.parameter\.(passes|reported_kib|walked)$/.test(key),
};

function scratch(): string {
  const dir = tempDir("compspec-snapshot-test-");
  made.push(dir);
  return dir;
}


describe("corpus machines: snapshot extraction = directory extraction", () => {
  // In-process for every machine (fast); through the CLI for a few below.
  for (const name of corpusNames()) {
    test(name, async () => {
      const root = unpackedRoot(name);
      const direct = buildNodeFile(new DirectoryHost(root), { names: [], allowFail: true });
      const rec = new RecordingHost(new DirectoryHost(root), { live: false });
      expect(buildNodeFile(rec, { names: [], allowFail: true })).toEqual(direct);
      const snap = rec.toSnapshot({ compspec: { version: "t", commit: "t" }, hostname: "", created: "t" });
      const replay = new SnapshotHost(await decodeSnapshot(encodeSnapshot(snap, true), name), name);
      const fromSnapshot = buildNodeFile(replay, { names: [], allowFail: true });
      expect(fromSnapshot.file).toEqual(direct.file);
      expect(fromSnapshot.warnings).toEqual(direct.warnings);
      // Only what was read is stored: never more files than the machine dump holds.
      const files = Object.values(snap.paths).filter((r) => r.file && !("error" in r.file)).length;
      expect(files).toBeLessThanOrEqual(countFiles(root));
    });
  }
});

/** Regular files under `dir`, not following links (Bun 1.4.5's recursive readdir follows them, looping on /sys cycles). */
function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isFile()) n++;
    else if (e.isDirectory()) n += countFiles(path.join(dir, e.name));
  }
  return n;
}

describe("compspec snapshot (CLI)", () => {
  const names = corpusNames();
  const picks = [names[0]!, names[Math.floor(names.length / 2)]!];

  for (const name of picks) {
    test(`${name}: extract --root DIR and --root SNAPSHOT print the same (all extractors and the seed's line)`, () => {
      const root = unpackedRoot(name);
      const dir = scratch();
      const snap = path.join(dir, `${name}.snapshot.json.gz`);
      const s = runCli(["snapshot", "--root", root, "--out", snap, "--allow-fail"]);
      expect(s.stderr).toContain(`wrote ${snap} (`);
      expect(s.status).toBe(0);
      expect(fs.readdirSync(dir)).toEqual([path.basename(snap)]); // no temporary file left
      const bytes = fs.readFileSync(snap);
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
      for (const sel of [[], SEED_LINE]) {
        const a = runCli(["extract", "--root", root, "--allow-fail", ...sel]);
        const b = runCli(["extract", "--root", snap, "--allow-fail", ...sel]);
        expect(a.status).toBe(0);
        expect(b.status).toBe(a.status);
        expect(b.stdout).toBe(a.stdout);
        expect(b.stderr).toBe(a.stderr);
      }
    });
  }

  test("plain JSON when the name does not end in .gz; the header names format, version and host", () => {
    const dir = scratch();
    const out = path.join(dir, "s.json");
    const r = runCli(["snapshot", "--root", unpackedRoot(picks[0]!), "-o", out, "-f"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(json.format).toBe("compspec-snapshot");
    expect(json.version).toBe(1);
    expect(json.compspec.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof json.hostname).toBe("string");
    expect(Object.keys(json.paths).length).toBeGreaterThan(0);
  });

  test("this machine: --out DIR/ is named after the hostname, and replays", () => {
    const dir = scratch();
    const r = runCli(["snapshot", "--out", dir + "/", "--allow-fail"]);
    expect(r.status).toBe(0);
    const file = path.join(dir, `${os.hostname()}.snapshot.json.gz`);
    expect(fs.readdirSync(dir)).toEqual([path.basename(file)]);
    const e = runCli(["extract", "--root", file, "--allow-fail"]);
    expect(e.status).toBe(0);
    expect(JSON.parse(e.stdout).compspec.hostname).toBe(os.hostname());
  });

  test("this machine: extract from its snapshot = extract of the machine, every section but the volatile ones", () => {
    const dir = scratch();
    const snap = path.join(dir, "here.snapshot.json.gz");
    // As a snapshot records (files only), the live run gets no environment and no PATH: no mpirun, no NODE_NAME.
    const bare = (args: string[]) =>
      spawnSync(process.execPath, [path.join(REPO, "src/main.ts"), ...args], { encoding: "utf8", env: { NO_COLOR: "1" } });
    const s = bare(["snapshot", "--allow-fail", "--out", snap]);
    expect(s.status, s.stderr).toBe(0);
    const live = bare(["extract", "--allow-fail"]);
    const replay = bare(["extract", "--allow-fail", "--root", snap]);
    expect(live.status, live.stderr).toBe(0);
    expect(replay.status, replay.stderr).toBe(0);
    expect(replay.stderr).toBe(live.stderr); // the same sections fail, with the same words
    const a = JSON.parse(live.stdout);
    const b = JSON.parse(replay.stdout);
    expect(b.compspec).toEqual(a.compspec);
    expect(Object.keys(b.results)).toEqual(Object.keys(a.results));
    let compared = 0;
    for (const [extractor, { sections }] of Object.entries(a.results as Record<string, { sections: Record<string, Record<string, string>> }>)) {
      expect(Object.keys(b.results[extractor].sections)).toEqual(Object.keys(sections));
      for (const [section, keys] of Object.entries(sections)) {
        const theirs: Record<string, string> = b.results[extractor].sections[section];
        const volatile = VOLATILE[`${extractor}[${section}]`];
        if (volatile === undefined) {
          expect([extractor, section, theirs]).toEqual([extractor, section, keys]);
        } else {
          // Same keys; the values of the steady ones are equal.
          expect(Object.keys(theirs)).toEqual(Object.keys(keys));
          for (const k of Object.keys(keys).filter((k) => !volatile(k))) expect([section, k, theirs[k]]).toEqual([section, k, keys[k]]);
        }
        compared++;
      }
    }
    expect(compared).toBe(EXTRACTORS.reduce((n, e) => n + e.sections.length, 0));
    // The bug that made this test: /sys/module/secretmem was refused as a "secret" path.
    if (fs.existsSync("/sys/module/secretmem")) expect(b.results.kernel.sections.modules["module.secretmem"]).toBeDefined();
  });

  test("bad use is refused clearly", () => {
    const dir = scratch();
    const noOut = runCli(["snapshot"]);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain("--out FILE is required");
    const notAFolder = runCli(["snapshot", "-f", "--out", path.join(fs.realpathSync("/etc/hostname"), "nope") + "/"]);
    expect(notAFolder.status).toBe(1);
    expect(notAFolder.stderr).toContain("cannot create folder /etc/hostname/nope/: a path component is not a folder");
    // A dump without a hostname cannot be named after it.
    const unnamed = runCli(["snapshot", "-f", "--root", unpackedRoot(picks[0]!), "--out", dir]);
    if (unnamed.status !== 0) expect(unnamed.stderr).toContain("pass --out FILE");
    const junk = path.join(dir, "junk.json");
    fs.writeFileSync(junk, "{}");
    const e = runCli(["extract", "--root", junk]);
    expect(e.status).toBe(1);
    expect(e.stderr).toContain(`--root ${junk}: not a compspec snapshot`);
  });
});
