/**
 * Timing checks that used to be tests (a test's verdict must not depend on how
 * busy the machine is): each prints its figure and exits 1 when over its bound.
 *
 *   bun bench/timings.ts
 *
 * - the kernel extractor on this machine (/): median of 9 runs under 30 ms
 *   (when / has /proc/cmdline and /sys/module);
 * - `extract --name library` with an mpirun that never ends and no
 *   COMPSPEC_COMMAND_TIMEOUT_MS: killed at the default timeout (3 s), not
 *   before, and not much after;
 * - the same with COMPSPEC_COMMAND_TIMEOUT_MS=300: done well before 2.5 s.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { kernelExtractor } from "../src/extractors/kernel/mod.ts";
import { MPI_COMMAND_TIMEOUT_MS } from "../src/extractors/library/mpi_discover.ts";
import { discoverSection } from "../src/extractors/run.ts";
import { DirectoryHost } from "../src/host/directory_host.ts";

const repo = path.resolve(import.meta.dir, "..");
let failed = false;

function report(what: string, ms: number, ok: boolean, bound: string): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}: ${ms.toFixed(1)} ms (${bound})`);
  if (!ok) failed = true;
}

function kernelMedian(): void {
  const host = new DirectoryHost("/");
  const hasAll = host.exists("/proc/cmdline") && host.exists("/sys/module");
  const once = () => {
    const t0 = performance.now();
    for (const s of kernelExtractor.sections) {
      try {
        discoverSection(kernelExtractor, s.name, { host, env: {} });
      } catch {
        // /boot and /proc/config.gz may both be absent here; the time is what counts
      }
    }
    return performance.now() - t0;
  };
  once(); // warm up
  const times = Array.from({ length: 9 }, once).sort((a, b) => a - b);
  const median = times[4]!;
  if (!hasAll) console.log(`(/ lacks /proc/cmdline or /sys/module: no bound)`);
  report(`kernel extractor on /, median of 9 (min ${times[0]!.toFixed(2)} ms)`, median, !hasAll || median < 30, "< 30 ms");
}

/** Wall time of `extract --name library` with a hanging mpirun first on PATH. */
function hangingMpirun(env: Record<string, string>): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-mpirun-"));
  try {
    fs.writeFileSync(path.join(dir, "mpirun"), "#!/bin/sh\nPATH=/usr/bin:/bin\nexec sleep 600\n", { mode: 0o755 });
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(repo, "src/main.ts"), "extract", "--name", "library"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", PATH: dir, ...env },
    });
    const elapsed = performance.now() - t0;
    if (r.status !== 0) throw new Error(`extract failed (${r.status}): ${r.stderr}`);
    return elapsed;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

kernelMedian();
const byDefault = hangingMpirun({});
report(
  "hanging mpirun, default timeout",
  byDefault,
  byDefault >= MPI_COMMAND_TIMEOUT_MS && byDefault < MPI_COMMAND_TIMEOUT_MS + 3000,
  `>= ${MPI_COMMAND_TIMEOUT_MS} ms and < ${MPI_COMMAND_TIMEOUT_MS + 3000} ms`,
);
const overridden = hangingMpirun({ COMPSPEC_COMMAND_TIMEOUT_MS: "300" });
report("hanging mpirun, COMPSPEC_COMMAND_TIMEOUT_MS=300", overridden, overridden < 2500, "< 2500 ms");
process.exitCode = failed ? 1 : 0;
