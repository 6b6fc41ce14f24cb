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
}

/** Medians for one contender. */
export interface Measurement {
  label: string;
  runs: number;
  wallMsMedian: number;
  wallMsMin: number;
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
    const r = spawnSync("hyperfine", ["-N", "--style", "none", "-w", String(warmup), "-r", String(runs), "--export-json", json, quoted], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...c.env },
    });
    if (r.status !== 0) throw new Error(`hyperfine failed for ${c.label}: ${r.stderr}`);
    const result = JSON.parse(fs.readFileSync(json, "utf8")).results[0] as { median: number; min: number };
    return {
      label: c.label,
      runs,
      wallMsMedian: result.median * 1000,
      wallMsMin: result.min * 1000,
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
