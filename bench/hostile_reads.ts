/**
 * Issue #21 (reads): time and peak memory of each hostile input, refused.
 * Each case runs once in a fresh process under GNU time, with a time limit
 * (a regression that reads /dev/zero again is killed, not waited for):
 *
 *   bun bench/hostile_reads.ts [--src DIR] [--only NAME,…] [--limit SECONDS]
 *
 * `--src DIR` runs another checkout's src/main.ts (an older commit, for the
 * "before" column); the default is this one. Results: bench/results/hostile_reads.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { parseArgs } from "node:util";
import { machineLine } from "./lib.ts";

const { values } = parseArgs({ options: { src: { type: "string" }, only: { type: "string" }, limit: { type: "string" } } });
const repo = path.resolve(import.meta.dir, "..");
const main = path.join(values.src ?? repo, "src/main.ts");
const limit = Number(values.limit ?? 60);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-hostile-"));
const nodes = path.join(repo, "fixtures/nodes/realistic");

/** `members` gzip members of 1 MiB of `byte` each, concatenated (about 1 KiB compressed a member). */
function gzipMembers(members: number, byte: number, head = "", tail = ""): Uint8Array {
  const one = zlib.gzipSync(new Uint8Array(1 << 20).fill(byte), { level: 9 });
  const parts = [zlib.gzipSync(head), ...Array.from({ length: members }, () => one), zlib.gzipSync(tail)];
  return Buffer.concat(parts);
}

const file = (name: string, data: string | Uint8Array) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
};
const fifo = path.join(tmp, "fifo");
spawnSync("mkfifo", [fifo]);
const rule = (op: string, value: string) =>
  JSON.stringify({
    version: "v1alpha1",
    compatibilities: [{ rules: [{ name: "r", matchFeatures: [{ feature: "cpu.model", matchExpressions: { vendor_id: { op, value: [value] } } }] }] }],
  });

const cases: [string, () => string[]][] = [
  ["extract --root gzip bomb over the cap (600 MiB from 0.6 MB)", () => ["extract", "--root", file("over.gz", gzipMembers(600, 0x20))]],
  ["extract --root gzip under the cap (500 MiB string from 0.5 MB)", () => [
    "extract", "--root", file("under.gz", gzipMembers(500, 0x61, '{"format": "compspec-snapshot", "x": "', '"}')),
  ]],
  ["extract --root /dev/zero", () => ["extract", "--root", "/dev/zero"]],
  ["extract --root FIFO", () => ["extract", "--root", fifo]],
  ["describe --graph /dev/zero", () => ["describe", "--graph", "/dev/zero"]],
  ["match --in 16 MB [[[[", () => ["match", "--in", file("deep.yaml", "[".repeat(16 * 1024 * 1024 - 16)), "-m", "a=b"]],
  ["check --artifact with a 1 MB pattern", () => ["check", "--artifact", file("re.json", rule("InRegexp", "(a|b)".repeat(200_000))), "--node-dir", nodes]],
];

const only = values.only?.split(",");
const rows: string[] = [];
for (const [name, args] of cases) {
  if (only && !only.some((o) => name.includes(o))) continue;
  const timeFile = path.join(tmp, "time");
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "-o", timeFile, "timeout", String(limit), process.execPath, main, ...args()], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const [wall, rssKib] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  const killed = r.status === 124;
  const message = killed ? `(killed after ${limit} s)` : r.stderr.split("\n")[0]!.replace(tmp, "TMP").slice(0, 140);
  rows.push(`| ${name} | ${r.status} | ${wall!.toFixed(2)} | ${(rssKib! / 1024).toFixed(0)} | ${message.replaceAll("|", "\\|")} |`);
  console.log(rows.at(-1));
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`\n${machineLine()}; ${values.src ? `src of ${values.src}` : "this checkout"}, \`bun src/main.ts\`, one run each.`);
console.log("\n| case | exit | wall s | peak RSS MiB | first line of stderr |\n|---|---|---|---|---|\n" + rows.join("\n"));
