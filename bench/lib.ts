/**
 * Benchmark helpers: median wall time from hyperfine and median peak memory
 * (max RSS from GNU time) for each contender, measured in one run.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One contender. */
export interface Contender {
  label: string;
  argv: string[];
  env?: Record<string, string>;
  /** Run before every timed run, untimed (e.g. `rm -f OUT`, so each run writes a new file as `cat` does). */
  prepare?: string[];
}

/** Medians for one contender. */
export interface Measurement {
  label: string;
  runs: number;
  wallMsMedian: number;
  wallMsMin: number;
  /** Standard deviation of the wall times, as a fraction of their mean (how noisy the runs were). */
  wallSpread: number;
  maxRssMiBMedian: number;
}

const GNU_TIME = "/usr/bin/time";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Whether a program can be found (peers are optional). */
export function available(program: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${program}`]).status === 0;
}

/**
 * Measure every contender: wall time with hyperfine (`-N`: no shell, so the spawn
 * cost is the command's own), peak RSS with GNU time over `runs` interleaved runs.
 */
export function measure(contenders: Contender[], runs: number, warmup = 2): Measurement[] {
  if (!fs.existsSync(GNU_TIME)) throw new Error("GNU time is needed: apt-get install time");
  if (!available("hyperfine")) throw new Error("hyperfine is needed: apt-get install hyperfine");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-"));
  const rssFile = path.join(tmp, "rss");
  const rss = contenders.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    contenders.forEach((c, k) => {
      if (c.prepare) spawnSync(c.prepare[0]!, c.prepare.slice(1));
      const r = spawnSync(GNU_TIME, ["-f", "%M", "-o", rssFile, ...c.argv], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, ...c.env },
      });
      if (r.status !== 0) throw new Error(`${c.label} failed (exit ${r.status}): ${c.argv.join(" ")}\n${r.stderr}`);
      rss[k]!.push(parseInt(fs.readFileSync(rssFile, "utf8").trim().split("\n").pop()!, 10) / 1024);
    });
  }
  const out = contenders.map((c, k) => {
    const json = path.join(tmp, `h${k}.json`);
    const quoted = c.argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    const prepare = c.prepare ? ["--prepare", c.prepare.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ")] : [];
    const r = spawnSync("hyperfine", ["-N", "--style", "none", "-w", String(warmup), "-r", String(runs), ...prepare, "--export-json", json, quoted], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...c.env },
    });
    if (r.status !== 0) throw new Error(`hyperfine failed for ${c.label}: ${r.stderr}`);
    const result = JSON.parse(fs.readFileSync(json, "utf8")).results[0] as { median: number; min: number; mean: number; stddev: number | null };
    return {
      label: c.label,
      runs,
      wallMsMedian: result.median * 1000,
      wallMsMin: result.min * 1000,
      wallSpread: (result.stddev ?? 0) / result.mean,
      maxRssMiBMedian: median(rss[k]!),
    };
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

/** A Markdown table of measurements, with each wall time as a ratio to `baseline`. */
export function table(ms: Measurement[], baseline?: string): string {
  const base = ms.find((m) => m.label === baseline);
  const rows = ms.map((m) =>
    `| ${m.label} | ${m.wallMsMedian.toFixed(1)} | ${m.wallMsMin.toFixed(1)} | ${m.maxRssMiBMedian.toFixed(1)} | ${
      base ? (m.wallMsMedian / base.wallMsMedian).toFixed(2) + "×" : ""
    } |`
  );
  return [
    `| command | median wall ms | min wall ms | median peak RSS MiB | wall vs ${baseline ?? "-"} |`,
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** Describe the machine the numbers come from. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? "?";
  return `${os.cpus().length} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * Issue 13's node file: `compspec extract --root` (every extractor) of the saved
 * 2-socket, 48-core, 96-PU AMD EPYC 7451 (fixtures/lscpu), unpacked under `dir`,
 * with HOSTNAME_PLACEHOLDER as its hostname (8.4 KB).
 */
export function epycNodeText(bin: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const repo = path.resolve(import.meta.dir, "..");
  const tar = spawnSync("tar", ["xzf", path.join(repo, "fixtures/lscpu/x86_64-epyc_7451.tar.gz"), "-C", dir]);
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  return extractText(bin, path.join(dir, "x86_64-epyc_7451"), []);
}

/** `compspec extract --root ROOT ARGS` with HOSTNAME_PLACEHOLDER as the hostname. */
export function extractText(bin: string, root: string, args: string[]): string {
  const ex = spawnSync(bin, ["extract", "--root", root, "--allow-fail", "--hostname", "HOSTNAME_PLACEHOLDER", ...args], { encoding: "utf8" });
  if (ex.status !== 0) throw new Error(`extract --root ${root} failed: ${ex.stderr}`);
  return ex.stdout;
}

/**
 * Fill `dir` with `count` copies of `text`, file `i` (from 1) named `${host(i)}.json`
 * and holding that hostname; `change(i, text)` may alter node `i`'s file.
 */
export function fillNodeDir(
  dir: string,
  count: number,
  text: string,
  host: (i: number) => string,
  change = (_i: number, t: string) => t,
): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    fs.writeFileSync(path.join(dir, `${host(i)}.json`), change(i, text.replace("HOSTNAME_PLACEHOLDER", host(i))));
  }
}
