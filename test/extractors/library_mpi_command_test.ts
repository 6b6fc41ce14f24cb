import { afterAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { discoverMpiSection, MPI_COMMAND_TIMEOUT_MS } from "../../src/extractors/library/mpi_discover.ts";
import type { CommandResult, CommandRunner } from "../../src/host/command.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const OUTPUTS = path.join(FIXTURES, "mpi", "outputs");
const ROOTS = path.join(FIXTURES, "mpi", "roots");
const output = (name: string) => fs.readFileSync(path.join(OUTPUTS, name), "utf8");
const NO_MPI = new DirectoryHost(path.join(ROOTS, "none"));

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the tests. */
function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

/** A directory of executables named `names` (their content never runs: the runner is fake). */
function binDir(...names: string[]): string {
  const dir = scratch("compspec-mpi-bin-");
  for (const n of names) fs.writeFileSync(path.join(dir, n), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
  return dir;
}

/** A fake runner answering by program base name, recording every call. */
function fakeRunner(answers: Record<string, Partial<CommandResult>>) {
  const calls: { argv: readonly string[]; timeoutMs?: number }[] = [];
  const run: CommandRunner = (argv, timeoutMs) => {
    calls.push({ argv, timeoutMs });
    const a = answers[path.basename(argv[0]!)];
    return a && { status: 0, stdout: "", stderr: "", timedOut: false, ...a };
  };
  return { run, calls };
}

describe("library[mpi] asks the launcher first", () => {
  test("mpirun --version on PATH, with a 3 s timeout", async () => {
    const bin = binDir("mpirun");
    const { run, calls } = fakeRunner({ mpirun: { stdout: output("OpenMPI_4.1.5_mpirun.txt") } });
    const section = discoverMpiSection({ host: NO_MPI, env: { PATH: bin }, run });
    expect(section).toEqual({
      variant: "OpenMPI",
      version: "4.1.5",
      source: "mpirun --version",
      path: path.join(bin, "mpirun"),
    });
    expect(calls).toEqual([{ argv: [path.join(bin, "mpirun"), "--version"], timeoutMs: MPI_COMMAND_TIMEOUT_MS }]);
    expect(MPI_COMMAND_TIMEOUT_MS).toBeLessThanOrEqual(3000);
  });

  test("COMPSPEC_COMMAND_TIMEOUT_MS overrides the timeout; nonsense is ignored", async () => {
    const bin = binDir("mpirun");
    for (const [value, want] of [["250", 250], ["soon", MPI_COMMAND_TIMEOUT_MS], ["-1", MPI_COMMAND_TIMEOUT_MS]] as const) {
      const { run, calls } = fakeRunner({ mpirun: { stdout: output("intel-mpi_2021.10_mpirun.txt") } });
      discoverMpiSection({ host: NO_MPI, env: { PATH: bin, COMPSPEC_COMMAND_TIMEOUT_MS: value }, run });
      expect(calls[0]!.timeoutMs).toBe(want);
    }
  });

  test("an MPICH-looking Hydra is settled by MVAPICH's mpiname", async () => {
    const bin = binDir("mpirun", "mpiname");
    const { run } = fakeRunner({
      mpirun: { stdout: output("mpich_4.0.2_mpirun.txt") },
      mpiname: { stdout: output("mvapich_2.3.7_mpiname.txt") },
    });
    const section = discoverMpiSection({ host: NO_MPI, env: { PATH: bin }, run });
    expect(section.variant).toBe("mvapich");
    expect(section.version).toBe("2.3.7");
    expect(section.mpich_version).toBe("4.0.2");
    expect(section.source).toBe("mpiname -a");
  });

  test("an unrecognised mpirun falls back to mpichversion", async () => {
    const bin = binDir("mpirun", "mpichversion");
    const { run } = fakeRunner({
      mpirun: { stdout: output("unrecognized_wrapper.txt"), status: 1 },
      mpichversion: { stdout: output("mpich_4.0.2_mpichversion.txt") },
    });
    const section = discoverMpiSection({ host: NO_MPI, env: { PATH: bin }, run });
    expect(section).toMatchObject({ variant: "mpich", version: "4.0.2", source: "mpichversion" });
  });

  test("a launcher that hangs stops all commands, and the headers answer", async () => {
    const bin = binDir("mpirun", "mpichversion", "ompi_info");
    const { run, calls } = fakeRunner({ mpirun: { timedOut: true, status: null } });
    const host = new DirectoryHost(path.join(ROOTS, "openmpi-debian"));
    const section = discoverMpiSection({ host, env: { PATH: bin }, run });
    expect(calls.length).toBe(1);
    expect(section).toMatchObject({ variant: "OpenMPI", version: "4.1.4", source: "mpi.h" });
  });

  test("MPI_HOME's bin/mpirun runs when PATH has none", async () => {
    const home = scratch("compspec-mpi-home-");
    fs.mkdirSync(path.join(home, "bin"));
    fs.writeFileSync(path.join(home, "bin", "mpirun"), "#!/bin/sh\n", { mode: 0o755 });
    const { run } = fakeRunner({ mpirun: { stdout: output("intel-mpi_2021.8_mpirun.txt") } });
    const section = discoverMpiSection({ host: NO_MPI, env: { PATH: binDir(), MPI_HOME: home }, run });
    expect(section).toMatchObject({ variant: "intel-mpi", version: "2021.8", path: path.join(home, "bin", "mpirun") });
  });

  test("no launcher and no header: empty section, no commands started", async () => {
    const { run, calls } = fakeRunner({});
    expect(discoverMpiSection({ host: NO_MPI, env: { PATH: binDir() }, run })).toEqual({});
    expect(calls).toEqual([]);
  });
});

describe("library[mpi] through the CLI on this machine", () => {
  const emptyPath = binDir();

  function scriptDir(body: string): string {
    const dir = scratch("compspec-fake-mpirun-");
    fs.writeFileSync(path.join(dir, "mpirun"), `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}\n`, { mode: 0o755 });
    return dir;
  }

  test("a fake mpirun on PATH is run and parsed", async () => {
    const dir = scriptDir(`cat '${path.join(OUTPUTS, "OpenMPI_5.0.3_mpirun.txt")}'`);
    const r = await runInProcess(["extract", "--name", "library"], { env: { PATH: dir } });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results.library.sections.mpi).toEqual({
      variant: "OpenMPI",
      version: "5.0.3",
      source: "mpirun --version",
      path: path.join(dir, "mpirun"),
    });
  });

  test("an mpirun that never ends is killed at the override timeout", async () => {
    const dir = scriptDir("exec sleep 600");
    // How long it takes is bench/timings.ts's to say; here: it ends, without mpirun's answer.
    const r = await runInProcess(["extract", "--name", "library"], { env: { PATH: dir, COMPSPEC_COMMAND_TIMEOUT_MS: "300" } });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results.library.sections.mpi.source).not.toBe("mpirun --version");
  });

  test("MPI_HOME names a header directory when nothing is on PATH", async () => {
    const r = await runInProcess(["extract", "--name", "library"], {
      env: { PATH: emptyPath, MPI_HOME: path.join(ROOTS, "mvapich2", "opt", "mvapich2") },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results.library.sections.mpi).toMatchObject({
      variant: "mvapich",
      version: "2.3.7",
      path: path.join(ROOTS, "mvapich2/opt/mvapich2/include/mpi.h"),
    });
  });

  test("Cray's module variables name Cray MPICH and its version", async () => {
    const dir = path.join(ROOTS, "cray-mpich/opt/cray/pe/mpich/8.1.27/ofi/gnu/12.3");
    const r = await runInProcess(["extract", "--name", "library"], {
      env: { PATH: emptyPath, CRAY_MPICH_DIR: dir, CRAY_MPICH_VERSION: "8.1.27.26" },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results.library.sections.mpi).toMatchObject({
      variant: "cray-mpich",
      version: "8.1.27.26",
      mpich_version: "3.4a2",
    });
  });
});
