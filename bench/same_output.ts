/**
 * Byte-equality check of two compspec binaries (issue 13: every output byte the
 * same): the same commands run with both, stdout, stderr and exit status compared.
 *
 *   bun bench/same_output.ts BASE_BINARY NEW_BINARY [--scale]
 *
 * BASE_BINARY is a build of the commit before a change (e.g. `git worktree add
 * /tmp/base main && cd /tmp/base && npm ci && npm run build`); NEW_BINARY is
 * dist/compspec. The cases:
 *  - `create nodes` over folders of node files made by BASE's own `extract --root`
 *    of every fixture machine (GPUs, CPU-less GPU and CXL memory, NUMA quirks) and
 *    lscpu dump, compspec-go's example, the saved node fixtures, hostnames that need
 *    escaping, and a bad folder; every format with and without --pus, --sockets,
 *    --pretty, --ranks-from (with and without --allow-fail), to stdout and to a file;
 *  - `extract --root` of every fixture machine and lscpu dump (all extractors, the seed's line);
 *  - with --scale, 10,000 EPYC 7451 node files in each format (sha-256 of the graph).
 * Exit status 1 and a list of the differing cases when anything differs.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const [base, next] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (!base || !next) throw new Error("usage: bun bench/same_output.ts BASE_BINARY NEW_BINARY [--scale]");
const scale = process.argv.includes("--scale");
const repo = path.resolve(import.meta.dir, "..");
const fixtures = path.join(repo, "fixtures");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-same-"));

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  file?: string;
}

/** Run `bin` with `args`; `{OUT}` in an argument is a fresh output path whose content is compared too. */
function run(bin: string, args: string[]): Outcome {
  const out = path.join(work, `out-${path.basename(bin)}-${Math.random().toString(16).slice(2)}.json`);
  const argv = args.map((a) => a.replaceAll("{OUT}", out));
  const r = spawnSync(bin, argv, { encoding: "buffer", maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: "1" } });
  // The temporary output name never appears in messages we compare: replace it.
  const clean = (b: Buffer) => b.toString("latin1").replaceAll(out, "{OUT}");
  const o: Outcome = { status: r.status, stdout: digest(r.stdout), stderr: clean(r.stderr) };
  if (fs.existsSync(out)) {
    o.file = digest(fs.readFileSync(out));
    fs.rmSync(out);
  }
  return o;
}

function digest(b: Uint8Array): string {
  return b.length < 4096 ? Buffer.from(b).toString("latin1") : `sha256:${createHash("sha256").update(b).digest("hex")} (${b.length} bytes)`;
}

const failures: string[] = [];
let cases = 0;
function same(args: string[]): void {
  cases++;
  const a = run(base!, args);
  const b = run(next!, args);
  for (const k of ["status", "stdout", "stderr", "file"] as const) {
    if (a[k] !== b[k]) {
      failures.push(`compspec ${args.join(" ")}: ${k} differs\n  base: ${String(a[k]).slice(0, 400)}\n  new:  ${String(b[k]).slice(0, 400)}`);
      return;
    }
  }
}

function untar(tarball: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  const r = spawnSync("tar", ["xzf", tarball, "-C", into]);
  if (r.status !== 0) throw new Error(`tar xzf ${tarball}: ${r.stderr}`);
  return path.join(into, path.basename(tarball, ".tar.gz"));
}

// Machine roots: the fixture machines and the lscpu corpus.
const roots: [string, string][] = fs.readdirSync(path.join(fixtures, "machines")).sort()
  .map((m) => [m, path.join(fixtures, "machines", m)]);
for (const t of fs.readdirSync(path.join(fixtures, "lscpu")).filter((f) => f.endsWith(".tar.gz")).sort()) {
  roots.push([t.slice(0, -7), untar(path.join(fixtures, "lscpu", t), path.join(work, "roots"))]);
}
const seedLine = ["--name", "library", "--name", "nfd[cpu,memory,network,storage,system]", "--name", "system[cpu,processor,arch,memory]"];

// extract: every root, all extractors and the seed's line.
for (const [, root] of roots) {
  same(["extract", "--root", root, "--hostname", "h1", "--allow-fail"]);
  same(["extract", "--root", root, "--hostname", "h1", "--allow-fail", ...seedLine]);
}
same(["extract", "--root", roots[0]![1], "--hostname", "h1", "--allow-fail", "--out", "{OUT}"]);

// Argument mistakes and spellings: every command's own words (args.ts over parseArgs).
for (const args of [
  ["extract", "--nmae", "system"], ["extract", "--out"], ["extract", "-o", "--allow-fail"], ["extract", "-fn", "system[os]", "--root", roots[0]![1]],
  ["extract", "--name=system[os]", "--root", roots[0]![1], "-f"], ["extract", "x"], ["extract", "--allow-fail=yes"], ["extract", "-N", "system"],
  ["extract", "--", "system"], ["extract", "-n-", "--root", roots[0]![1]], ["create", "nodes", "--cluster-name"], ["create", "nodes", "--node"],
  ["create", "nodes", "--pus=1"], ["create"], ["create", "x"], ["version", "--x"], ["version", "-h"], ["help", "extract"], ["nope"],
]) same(args);

// Node folders, each file made by the base binary (identical inputs for both).
function nodeFile(root: string, host: string): string | undefined {
  const r = spawnSync(base!, ["extract", "--root", root, "--hostname", host, "--allow-fail"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout : undefined;
}
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(work, "dirs", name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}
const machines: Record<string, string> = {};
roots.forEach(([name, root], i) => {
  const host = `m${i + 1}`;
  const text = nodeFile(root, host);
  if (text !== undefined) machines[`${host}.json`] = text;
});
const epycText = nodeFile(roots.find(([n]) => n === "x86_64-epyc_7451")![1], "epyc1")!;
const gpuText = nodeFile(path.join(fixtures, "machines", "power9-gpu-numa"), "p1")!;
const withHost = (text: string, from: string, to: string) => text.replace(`"hostname": ${JSON.stringify(from)}`, `"hostname": ${JSON.stringify(to)}`);
const goText = fs.readFileSync(path.join(fixtures, "compspec-go", "node-extract-example.json"), "utf8");
const copyDir = (d: string) => Object.fromEntries(fs.readdirSync(d).map((f) => [f, fs.readFileSync(path.join(d, f), "utf8")]));

const dirs = {
  machines: folder("machines", machines),
  // Identical nodes (what interning and templates see), hostnames of several lengths.
  epyc: folder("epyc", Object.fromEntries([1, 2, 9, 10, 11, 99, 100, 101, 1000].map((i) => [`e${i}.json`, withHost(epycText, "epyc1", `e${i}`)]))),
  gpus: folder("gpus", Object.fromEntries([1, 2, 3, 10].map((i) => [`p${i}.json`, withHost(gpuText, "p1", `p${i}`)]))),
  go: folder("go", { "go-1.json": goText, "go-2.json": goText, "go-10.json": goText }),
  fixtures: folder("fixtures", {
    ...copyDir(path.join(fixtures, "nodes", "rainbow-red")),
    ...copyDir(path.join(fixtures, "nodes", "realistic")),
    ...copyDir(path.join(fixtures, "nodes", "extracted")),
  }),
  // Hostnames JSON must escape, and a non-ASCII one.
  escapes: folder("escapes", {
    "a.json": withHost(epycText, "epyc1", 'we"ird'),
    "b.json": withHost(epycText, "epyc1", "ünï01"),
    "c.json": withHost(gpuText, "p1", "sp ace\\x"),
    "d.json": withHost(epycText, "epyc1", "n01"),
    "e.json": withHost(epycText, "epyc1", "n1"),
  }),
  bad: folder("bad", {
    "good.json": withHost(epycText, "epyc1", "good1"),
    "notjson.json": "{",
    "array.json": "[]",
    "nokey.json": '{"x": 1}',
    "number.json": '{"results": {"system": {"sections": {"cpu": {"cores": 4}}}}}',
    "nosections.json": '{"results": {"system": {}}}',
    "graph.json": '{"graph": {"nodes": []}}',
    "dup1.json": withHost(epycText, "epyc1", "twin"),
    "dup2.json": withHost(epycText, "epyc1", "twin"),
    "nocpu.json": '{"results": {"system": {"sections": {"os": {"name": "x"}}}}}',
    "badtopo.json": '{"results": {"system": {"sections": {"cpu": {"topology": "0:0:0:x:0"}}}}}',
    "extra.json": '{"compspec": {"version": "1", "hostname": "extra1", "more": 1}, "results": {"system": {"sections": {"cpu": {"cores": "2"}}, "x": 1}}, "y": 2}',
    "old.json": '{"extractors": {"system": {"sections": {"cpu": {"cores": "3"}}}}}',
    "proto.json": '{"results": {"system": {"sections": {"cpu": {"cores": "2", "constructor": "x"}}}}, "compspec": {"hostname": "proto1", "version": "1"}}',
  }),
};
const mixed = folder("mixed", { ...machines, ...Object.fromEntries(Object.entries(copyDir(dirs.epyc)).map(([f, t]) => [`x${f}`, t])) });

const formats = ["rainbow", "fluxion", "flux-r"];
for (const [name, dir] of Object.entries({ ...dirs, mixed })) {
  for (const format of formats) {
    for (const flags of [[], ["--pus"], ["--sockets"], ["--pus", "--sockets"], ["--pretty"], ["--pretty", "--pus", "--sockets"]]) {
      same(["create", "nodes", "--cluster-name", "c", "--node-dir", dir, "--format", format, ...flags]);
      if (name !== "bad") continue;
      same(["create", "nodes", "--cluster-name", "c", "--node-dir", dir, "--format", format, "--allow-fail", ...flags]);
    }
    same(["create", "nodes", "--cluster-name", "clu\"ster", "--node-dir", dir, "--format", format, "--pus", "-o", "{OUT}"]);
  }
}
// --ranks-from: a reversed order, a missing host, an unlisted file.
const hosts = Object.keys(copyDir(dirs.epyc)).map((f) => f.slice(0, -5));
for (const format of formats) {
  same(["create", "nodes", "--cluster-name", "c", "--node-dir", dirs.epyc, "--format", format, "--ranks-from", [...hosts].reverse().join(",")]);
  same(["create", "nodes", "--cluster-name", "c", "--node-dir", dirs.epyc, "--format", format, "--pus", "--ranks-from", `zz9,${hosts.slice(1).join(",")}`]);
  same(["create", "nodes", "--cluster-name", "c", "--node-dir", dirs.epyc, "--format", format, "--allow-fail", "--ranks-from", `zz9,${hosts.slice(1).join(",")}`]);
}

if (scale) {
  const big = path.join(work, "dirs", "epyc-10k");
  fs.mkdirSync(big);
  for (let i = 1; i <= 10_000; i++) {
    const h = `epyc${String(i).padStart(5, "0")}`;
    fs.writeFileSync(path.join(big, `${h}.json`), withHost(epycText, "epyc1", h));
  }
  for (const format of formats) {
    for (const flags of [[], ["--pus"], ["--sockets"]]) {
      same(["create", "nodes", "--cluster-name", "c", "--node-dir", big, "--format", format, "-o", "{OUT}", ...flags]);
    }
  }
}

fs.rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(failures.join("\n"));
  console.error(`${failures.length} of ${cases} cases differ`);
  process.exit(1);
}
console.log(`all ${cases} cases byte-identical (${base} vs ${next})`);
