/**
 * `extract` speed (issue 13): the seed's line against lscpu and lstopo, start-up
 * against compiled Bun hello-worlds built the way compspec is, all in one run;
 * and, with valgrind installed, instructions counted by callgrind (the same on
 * every run, however busy the machine: the noise-free view of the same things).
 *
 *   bun bench/extract.ts [runs]      (needs dist/compspec: npm run build)
 *
 * "Work" is extract minus `compspec version` (start-up). compspec-go cannot be
 * built here: its figures (7.0 ms extract, 3.3 ms version on this project's
 * VM) come from issue 13 and are quoted, not measured.
 *
 * With strace installed, the floor of that work in this runtime is measured
 * too: the seed line's own file-system calls (recorded with strace, less the
 * runtime's, which `version` makes as well) replayed through node:fs by a
 * program compiled the same way, which parses nothing.
 * Results go to stdout and bench/results/extract.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compile } from "../build.ts";
import { available, type Contender, machineLine, measure, type Measurement, table } from "./lib.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const runs = Number(process.argv[2] ?? 30);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-"));

// Hello-worlds compiled with compspec's own settings (bytecode, ES modules, JIT policy …).
const hellos: [string, string][] = [
  ["hello", `console.log("hello");`],
  ["hello-fs", `import * as fs from "node:fs";\nfs.writeSync(1, "hello\\n");`],
];
for (const [name, source] of hellos) {
  fs.writeFileSync(path.join(work, `${name}.ts`), source);
  await compile(path.join(work, name), { build: {}, entry: path.join(work, `${name}.ts`) });
}

/** The file-system calls `argv` makes, one `op path` per call (strace), or undefined without strace. */
function fileCalls(argv: string[]): string[] | undefined {
  if (!available("strace")) return undefined;
  const log = path.join(work, "strace.log");
  spawnSync("strace", ["-f", "-o", log, "-e", "trace=openat,statx,newfstatat,readlink,readlinkat", ...argv], { stdio: "ignore" });
  const calls: string[] = [];
  for (const line of fs.readFileSync(log, "utf8").split("\n")) {
    const m = /^\d+\s+(openat|statx|newfstatat|readlink|readlinkat)\((?:AT_FDCWD, )?"([^"]+)"(.*)$/.exec(line);
    if (!m || !m[2]!.startsWith("/")) continue;
    const [, call, file, rest] = m;
    const op = call === "openat" ? (rest!.includes("O_DIRECTORY") ? "list" : "read")
      : call!.startsWith("readlink") ? "readlink"
      : rest!.includes("AT_SYMLINK_NOFOLLOW") ? "lstat" : "stat";
    calls.push(`${op} ${file}`);
  }
  return calls;
}

/** The calls of `extract` that `version` does not make (the runtime's own: libraries, /proc/self, cgroups). */
function extractOwnCalls(): string[] | undefined {
  const extract = fileCalls([bin, "extract", ...seedLine]);
  const version = fileCalls([bin, "version"]);
  if (extract === undefined || version === undefined) return undefined;
  const runtime = new Map<string, number>();
  for (const c of version) runtime.set(c, (runtime.get(c) ?? 0) + 1);
  return extract.filter((c) => {
    const n = runtime.get(c) ?? 0;
    if (n > 0) runtime.set(c, n - 1);
    return n === 0 && !c.includes("/proc/self/") && !c.includes("/sys/fs/cgroup/");
  });
}

/** A program that makes `calls` through node:fs the way compspec's host does, and parses nothing. */
function replaySource(calls: string[]): string {
  return `import * as fs from "node:fs";
const calls = ${JSON.stringify(calls)};
const buf = new Uint8Array(65536);
const flags = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
for (const call of calls) {
  const at = call.indexOf(" ");
  const op = call.slice(0, at);
  const file = call.slice(at + 1);
  try {
    if (op === "stat") fs.statSync(file, { throwIfNoEntry: false });
    else if (op === "lstat") fs.lstatSync(file, { throwIfNoEntry: false });
    else if (op === "readlink") fs.readlinkSync(file);
    else if (op === "list") fs.readdirSync(file);
    else {
      const fd = fs.openSync(file, flags);
      try {
        fs.fstatSync(fd);
        let n = 0;
        for (;;) {
          const got = fs.readSync(fd, buf, n, buf.length - n, null);
          if (got <= 0) break;
          n += got;
        }
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch { /* a missing file costs its throw, as in compspec */ }
}
fs.writeSync(1, "replayed\\n");
`;
}

const seedSystem = ["--name", "system[cpu,processor,arch,memory]"];
const seedLine = ["--name", "library", "--name", "nfd[cpu,memory,network,storage,system]", ...seedSystem];
const replayCalls = extractOwnCalls();
const REPLAY = "replay of the seed line's file-system calls (compiled, node:fs, no parsing)";
if (replayCalls !== undefined) {
  fs.writeFileSync(path.join(work, "replay.ts"), replaySource(replayCalls));
  await compile(path.join(work, "replay"), { build: {}, entry: path.join(work, "replay.ts") });
}

spawnSync("tar", ["xzf", path.join(repo, "fixtures/lscpu/x86_64-epyc_7451.tar.gz"), "-C", work]);
const epyc = path.join(work, "x86_64-epyc_7451");

const SEED = "compspec extract (seed's line)";
const VERSION = "compspec version (start-up)";
const live: Contender[] = [
  { label: "compiled Bun hello-world (console.log)", argv: [path.join(work, "hello")] },
  { label: "compiled Bun hello-world with node:fs (fs.writeSync)", argv: [path.join(work, "hello-fs")] },
  { label: VERSION, argv: [bin, "version"] },
  { label: SEED, argv: [bin, "extract", ...seedLine] },
  { label: "compspec extract system[cpu,processor,arch,memory]", argv: [bin, "extract", ...seedSystem] },
  { label: "compspec extract (all extractors)", argv: [bin, "extract"] },
];
if (replayCalls !== undefined) live.push({ label: REPLAY, argv: [path.join(work, "replay")] });
if (available("lscpu")) live.push({ label: "lscpu -J", argv: ["lscpu", "-J"] });
if (available("lstopo-no-graphics")) {
  live.push({ label: "lstopo-no-graphics --of xml", argv: ["lstopo-no-graphics", "--of", "xml", "-"] });
}

const rooted: Contender[] = [
  { label: "compspec extract --root epyc_7451 system[cpu,processor,arch,memory] (memory absent in the dump)", argv: [bin, "extract", "--root", epyc, "--hostname", "epyc", "--allow-fail", ...seedSystem] },
  { label: "compspec extract --root epyc_7451 system (all sections)", argv: [bin, "extract", "--root", epyc, "--hostname", "epyc", "--allow-fail", "--name", "system"] },
];
if (available("lscpu")) rooted.push({ label: "lscpu -J --sysroot epyc_7451", argv: ["lscpu", "-J", "--sysroot", epyc] });

/** Instructions callgrind counts for `argv` (all threads), or undefined without valgrind. */
function instructions(argv: string[]): number | undefined {
  const r = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", ...argv], { encoding: "utf8" });
  const m = /refs:\s+([\d,]+)/.exec(r.stderr ?? "");
  return m ? Number(m[1]!.replaceAll(",", "")) : undefined;
}

const a = measure(live, runs);
const b = measure(rooted, runs);
const by = (ms: Measurement[], label: string) => ms.find((m) => m.label === label)!;
const workMs = by(a, SEED).wallMsMedian - by(a, VERSION).wallMsMedian;
const HELLO_FS = live[1]!.label;
/** The floor figures by median and by minimum (short runs on a shared VM: the two bracket the truth). */
const floorBy = (key: "wallMsMedian" | "wallMsMin") => {
  const ms = (label: string) => by(a, label)[key];
  const io = ms(REPLAY) - ms(HELLO_FS);
  const fsLoad = ms(HELLO_FS) - ms(live[0]!.label);
  const work = ms(SEED) - ms(VERSION);
  return { io, fsLoad, work, js: work - io - fsLoad };
};
const floorLines = replayCalls === undefined ? [] : (() => {
  const med = floorBy("wallMsMedian");
  const min = floorBy("wallMsMin");
  const both = (x: number, y: number) => `${x.toFixed(1)} ms (${y.toFixed(1)} by the fastest runs)`;
  return [
    ``,
    `The floor of that work in this runtime: the seed line's own ${replayCalls.length} file-system calls (strace), replayed`,
    `through node:fs by a compiled program that parses nothing, take **${both(med.io, min.io)}** above the node:fs`,
    `hello-world; loading node:fs itself (which \`version\` does not) ${both(med.fsLoad, min.fsLoad)}.`,
    `What is left of the work (${both(med.work, min.work)}) is JavaScript run once, in the interpreter: about`,
    `${both(med.js, min.js)}.`,
  ];
})();
const counted = available("valgrind")
  ? live.filter((c) => !c.label.startsWith("lscpu") && !c.label.startsWith("lstopo")).map((c) => [c.label, instructions(c.argv)] as const)
  : [];
fs.rmSync(work, { recursive: true, force: true });

const report = [
  `# extract benchmark`,
  ``,
  `Machine: ${machineLine()}. ${runs} runs each after 2 warm-ups: wall time from \`hyperfine -N\``,
  `(no shell), peak RSS from GNU time (runs interleaved). The machine is shared: read the ratios.`,
  ``,
  `## This machine (live /proc and /sys)`,
  ``,
  table(a, "lscpu -J"),
  ``,
  `Work after start-up (seed's line minus \`version\`): **${workMs.toFixed(1)} ms**; start-up above the compiled`,
  `hello-world: ${(by(a, VERSION).wallMsMedian - by(a, live[0]!.label).wallMsMedian).toFixed(1)} ms. compspec-go, from issue 13 (not buildable here):`,
  `7.0 ms extract, 3.3 ms version, so about 3.7 ms of work.`,
  ...floorLines,
  ``,
  ...(counted.length > 0
    ? [
      `Instructions (callgrind, all threads; the same on every run):`,
      ``,
      `| command | instructions |`,
      `|---|---|`,
      ...counted.map(([label, n]) => `| ${label} | ${n === undefined ? "?" : `${(n / 1e6).toFixed(2)} M`} |`),
      ``,
    ]
    : []),
  `## A saved 96-CPU root (AMD EPYC 7451 dump, 2 sockets, 8 NUMA nodes)`,
  ``,
  table(b, "lscpu -J --sysroot epyc_7451"),
  ``,
].join("\n");
console.log(report);
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/extract.md"), report);
