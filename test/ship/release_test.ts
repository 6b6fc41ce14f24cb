/**
 * Release binaries: each file `bun build.ts --all` makes is an ELF for the right
 * machine and libc loader, SHA256SUMS matches, and the host binary runs and names
 * the version it was built from.
 *
 * The host binary (dist/compspec) is always built and checked. The five release
 * files (and the man page beside them) are checked when they already exist in dist/, or built first when
 * COMPSPEC_TEST_RELEASE=1 (about 500 MB and a few seconds with a warm Bun cache).
 * The glibc x64 files run here; the arm64 file runs under qemu-user when the
 * machine has qemu-aarch64 and an aarch64 sysroot; the musl files need a musl
 * libstdc++ (Alpine's), which Debian lacks, so they are checked as ELF only.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { manPage } from "../../scripts/man.ts";
import { newestMtime } from "../../scripts/newest_mtime.ts";
import { REPO, tempDir, unpackedRoot } from "../util/fixtures.ts";
import { BINARY, ensureBinary, runBinary } from "../util/binary.ts";
import { which } from "./chroot.ts";
import { EM_AARCH64, EM_X86_64, readElf, requiredVersions } from "./elf.ts";

const DIST = path.join(REPO, "dist");

const GLIBC_LIBS = ["libc.so.6", "libpthread.so.0", "libdl.so.2", "libm.so.6"];
/** The oldest glibc the binaries run on (docs/deploy.md promises it: RHEL/CentOS 7 and later). */
const OLDEST_GLIBC = [2, 17];

/** The newest `GLIBC_x.y` version a file requires, as numbers. */
function newestGlibc(file: string): number[] {
  const versions = requiredVersions(file).filter((v) => v.startsWith("GLIBC_")).map((v) =>
    v.slice(6).split(".").map(Number)
  );
  versions.sort((a, b) => (a[0]! - b[0]!) || ((a[1] ?? 0) - (b[1] ?? 0)) || ((a[2] ?? 0) - (b[2] ?? 0)));
  return versions.at(-1) ?? [0];
}

/** What each release file must be: machine, loader, and the shared libraries it links (nothing beyond the C library, and libstdc++ for musl). */
const RELEASES: Record<string, { machine: number; interpreter: string; needed: string[] }> = {
  "compspec-linux-x64": {
    machine: EM_X86_64,
    interpreter: "/lib64/ld-linux-x86-64.so.2",
    needed: [...GLIBC_LIBS, "ld-linux-x86-64.so.2"],
  },
  "compspec-linux-x64-baseline": {
    machine: EM_X86_64,
    interpreter: "/lib64/ld-linux-x86-64.so.2",
    needed: [...GLIBC_LIBS, "ld-linux-x86-64.so.2"],
  },
  "compspec-linux-arm64": {
    machine: EM_AARCH64,
    interpreter: "/lib/ld-linux-aarch64.so.1",
    needed: [...GLIBC_LIBS, "ld-linux-aarch64.so.1"],
  },
  "compspec-linux-x64-musl": {
    machine: EM_X86_64,
    interpreter: "/lib/ld-musl-x86_64.so.1",
    needed: ["libc.musl-x86_64.so.1", "libstdc++.so.6"],
  },
  "compspec-linux-arm64-musl": {
    machine: EM_AARCH64,
    interpreter: "/lib/ld-musl-aarch64.so.1",
    needed: ["libc.musl-aarch64.so.1", "libstdc++.so.6"],
  },
};

/** An aarch64 glibc sysroot for qemu-user (Debian's libc6-arm64-cross), if this machine has one. */
const AARCH64_SYSROOT = "/usr/aarch64-linux-gnu";
const QEMU_AARCH64 = which("qemu-aarch64");
const canEmulateArm64 = QEMU_AARCH64 !== undefined &&
  fs.existsSync(path.join(AARCH64_SYSROOT, "lib", "ld-linux-aarch64.so.1"));

/** Newest mtime of the regular files under `dir` (walked by hand: Bun's recursive readdir follows links). */
/** Whether this is a git checkout (the build embeds "unknown" elsewhere). */
function inGitCheckout(): boolean {
  return spawnSync("git", ["rev-parse", "--git-dir"], { cwd: REPO }).status === 0;
}

/** Whether `commit` names a commit of this repository (HEAD may have moved on since the build). */
function isCommit(commit: string): boolean {
  return spawnSync("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: REPO }).status === 0;
}

describe("host binary", () => {
  test("builds, is an ELF for this machine, and prints the embedded version", () => {
    ensureBinary();
    const elf = readElf(BINARY);
    expect(elf.bits).toBe(64);
    expect(elf.littleEndian).toBe(true);
    expect(elf.machine).toBe(process.arch === "arm64" ? EM_AARCH64 : EM_X86_64);
    expect(elf.interpreter).toBeDefined();
    expect(fs.existsSync(elf.interpreter!)).toBe(true); // it runs here, so its loader is here
    // Only the C library: nothing a minimal image lacks.
    expect(elf.needed.filter((lib) => !lib.startsWith("ld-linux")).sort()).toEqual([...GLIBC_LIBS].sort());
    const [major, minor] = newestGlibc(BINARY);
    expect(major! * 1000 + minor!).toBeLessThanOrEqual(OLDEST_GLIBC[0]! * 1000 + OLDEST_GLIBC[1]!);

    const r = runBinary(["version"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // `compspec 0.1.0 (3cc5f953774a)`: the package version and the git commit it was built from, not "source".
    const m = /^compspec (\S+) \((\S+)\)/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(pkg.version);
    const commit = m![2]!.replace(/-dirty$/, "");
    expect(commit).not.toBe("source");
    if (inGitCheckout()) expect(isCommit(commit), `${commit} is not a commit of this repository`).toBe(true);
  }, 120_000);

  test("reads nothing from the folder it runs in: no .env, no bunfig.toml (Bun's compile defaults load both)", () => {
    const bin = ensureBinary();
    const cwd = tempDir("compspec-cwd-");
    try {
      // A fake Open MPI that only a loaded .env would point at, and a bunfig.toml Bun could not parse.
      const include = path.join(cwd, "fake-mpi", "include");
      fs.mkdirSync(include, { recursive: true });
      fs.writeFileSync(path.join(include, "mpi.h"), "#define OMPI_MAJOR_VERSION 4\n#define OMPI_MINOR_VERSION 1\n#define OMPI_RELEASE_VERSION 5\n");
      fs.writeFileSync(path.join(cwd, ".env"), `MPI_HOME=${path.join(cwd, "fake-mpi")}\n`);
      fs.writeFileSync(path.join(cwd, "bunfig.toml"), "this is [not toml\n");
      const env = { PATH: "/nonexistent", NO_COLOR: "1" };
      const version = spawnSync(bin, ["version"], { cwd, env, encoding: "utf8" });
      expect(version.status).toBe(0);
      expect(version.stderr).toBe("");
      const r = spawnSync(bin, ["extract", "--name", "library"], { cwd, env, encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).results.library.sections.mpi).toEqual({});
      // The same fake MPI is found when MPI_HOME really is set: the test can see a loaded .env.
      const seen = spawnSync(bin, ["extract", "--name", "library"], {
        cwd,
        env: { ...env, MPI_HOME: path.join(cwd, "fake-mpi") },
        encoding: "utf8",
      });
      expect(JSON.parse(seen.stdout).results.library.sections.mpi.variant).toBe("OpenMPI");
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  test("the ELF reader rejects a file that is not ELF, naming it", () => {
    expect(() => readElf(path.join(REPO, "package.json"))).toThrow(/package\.json: not an ELF file/);
  });
});

describe("release binaries", () => {
  const wanted = process.env.COMPSPEC_TEST_RELEASE === "1";
  if (wanted) {
    test("bun build.ts --all builds all five", () => {
      const r = spawnSync(process.execPath, [path.join(REPO, "build.ts"), "--all"], { cwd: REPO, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`bun build.ts --all failed:\n${r.stderr}`);
      for (const name of Object.keys(RELEASES)) expect(fs.existsSync(path.join(DIST, name))).toBe(true);
      // The man page beside them, exactly what scripts/man.ts makes from the help texts.
      expect(fs.readFileSync(path.join(DIST, "compspec.1"), "utf8")).toBe(manPage());
    }, 600_000);
  }
  const present = () => Object.keys(RELEASES).filter((name) => fs.existsSync(path.join(DIST, name)));
  if (!wanted && present().length === 0) {
    console.log(
      "release_test: SKIP release files: none in dist/ (run `npm run build -- --all` or set COMPSPEC_TEST_RELEASE=1)",
    );
  }

  for (const [name, want] of Object.entries(RELEASES)) {
    const absent = !wanted && !fs.existsSync(path.join(DIST, name));
    test.skipIf(absent)(`${name}: ELF64 LE, machine 0x${want.machine.toString(16)}, loader ${want.interpreter}`, () => {
      const file = path.join(DIST, name);
      if (!fs.existsSync(file)) throw new Error(`${file} was not built`);
      const elf = readElf(file);
      expect(elf.bits).toBe(64);
      expect(elf.littleEndian).toBe(true);
      expect(elf.machine).toBe(want.machine);
      expect(elf.interpreter).toBe(want.interpreter);
      expect([...elf.needed].sort()).toEqual([...want.needed].sort());
      if (want.interpreter.includes("ld-linux")) {
        const [major, minor] = newestGlibc(file);
        expect(major! * 1000 + minor!).toBeLessThanOrEqual(OLDEST_GLIBC[0]! * 1000 + OLDEST_GLIBC[1]!);
      }
      expect(fs.statSync(file).mode & 0o111).not.toBe(0);
      // Runnable here when it is for this machine and links glibc (this host's C library).
      const hostMachine = process.arch === "arm64" ? EM_AARCH64 : EM_X86_64;
      if (want.machine === hostMachine && want.interpreter.includes("ld-linux")) {
        const r = spawnSync(file, ["version"], { encoding: "utf8" });
        expect(r.status).toBe(0);
        expect(r.stdout).toStartWith(`compspec ${pkg.version} (`);
      }
    });
  }

  const arm64 = path.join(DIST, "compspec-linux-arm64");
  // A file left from an earlier `--all` may predate the source; comparing it with a fresh host build would mislead.
  const stale = !wanted && fs.existsSync(arm64) && fs.statSync(arm64).mtimeMs < newestMtime(path.join(REPO, "src"));
  const arm64Ready = canEmulateArm64 && (wanted || fs.existsSync(arm64)) && process.arch === "x64" && !stale;
  if (!arm64Ready && (wanted || fs.existsSync(arm64))) {
    console.log(
      stale
        ? "release_test: SKIP running compspec-linux-arm64: it is older than src/ (rebuild with `npm run build -- --all`)"
        : `release_test: SKIP running compspec-linux-arm64: needs qemu-aarch64 and ${AARCH64_SYSROOT} (apt-get install qemu-user libc6-arm64-cross)`,
    );
  }
  test.skipIf(!arm64Ready)(
    "compspec-linux-arm64 under qemu-aarch64 extracts a fixture exactly as the host binary does",
    () => {
      const root = unpackedRoot("x86_64-epyc_7451");
      const args = ["extract", "--root", root, "--allow-fail", "--hostname", "epyc"];
      const emulated = spawnSync(QEMU_AARCH64!, ["-L", AARCH64_SYSROOT, arm64, ...args], { encoding: "utf8" });
      expect(emulated.status, emulated.stderr).toBe(0);
      const native = spawnSync(ensureBinary(), args, { encoding: "utf8" });
      expect(native.status).toBe(0);
      expect(emulated.stdout).toBe(native.stdout);
      expect(JSON.parse(emulated.stdout).results.system.sections.cpu.cpus).toBe("96");
    },
    60_000,
  );

  test("SHA256SUMS lists every release file present with its hash", () => {
    const sums = path.join(DIST, "SHA256SUMS");
    const files = present();
    if (files.length === 0) return;
    if (fs.existsSync(path.join(DIST, "compspec.1"))) files.push("compspec.1");
    expect(fs.existsSync(sums)).toBe(true);
    const lines = fs.readFileSync(sums, "utf8").trimEnd().split("\n");
    const listed = new Map(lines.map((l) => {
      const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(l);
      if (!m) throw new Error(`SHA256SUMS: bad line ${JSON.stringify(l)}`);
      return [m[2]!, m[1]!];
    }));
    expect([...listed.keys()].sort()).toEqual(files.sort());
    for (const name of files) {
      const hash = createHash("sha256").update(fs.readFileSync(path.join(DIST, name))).digest("hex");
      expect(listed.get(name)).toBe(hash);
    }
  }, 60_000);
});
