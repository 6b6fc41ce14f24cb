/**
 * src/util/atomic_file.ts and output_target.ts (through src/cli/output.ts for the CLI): what an output path gets, by what sits there. Regular files
 * are replaced atomically (new inode, no temporary file left, permissions kept);
 * links are followed and their target replaced in the target's folder; FIFOs
 * and devices are written in place and never replaced (checked on the real
 * /dev/null and /dev/full: tests run as root here, so a rename would succeed);
 * folders are errors naming the path. Folder creation for `--out DIR/` is
 * checked here, and under 64 concurrent processes in test/ship/concurrent_test.ts.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError, outIsDirectory } from "../../src/cli/output.ts";
import { AtomicFile, writeFileAtomic } from "../../src/util/atomic_file.ts";
import { systemErrorText } from "../../src/util/errors.ts";
import { checkOutput, ensureDirectory, OutputError, resolveOutput } from "../../src/util/output_target.ts";
import { REPO, runCli, tempDirsForFile } from "../util/fixtures.ts";

const scratchDir = tempDirsForFile();

function scratch(): string {
  const d = scratchDir("compspec-output-");
  return d;
}

/** The OutputError (or, from the CLI's own checks, CliError) `f` throws (fails the test when it throws none, or something else). */
function cliError(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(e instanceof OutputError || e instanceof CliError).toBe(true);
    return e as Error;
  }
  throw new Error("expected an OutputError");
}

/** Names of temporary files (`.NAME.PID.RAND.tmp`) in `dir`. */
const temporaries = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));

/** Device identity: a replaced node would have another inode. */
function identity(p: string): string {
  const st = fs.lstatSync(p);
  return `${st.ino}:${st.rdev}:${st.isCharacterDevice()}`;
}

const hasMkfifo = spawnSync("sh", ["-c", "command -v mkfifo"]).status === 0;

describe("regular files", () => {
  test("a new path is written, no temporary file left", () => {
    const d = scratch();
    const p = path.join(d, "a.json");
    writeFileAtomic(p, "hello\n");
    expect(fs.readFileSync(p, "utf8")).toBe("hello\n");
    expect(fs.readdirSync(d)).toEqual(["a.json"]);
    expect(resolveOutput(p)).toEqual({ kind: "file", path: p, exists: true, mode: fs.statSync(p).mode & 0o7777 });
  });

  test("an existing file is replaced by rename (a new inode), keeping its permissions", () => {
    const d = scratch();
    const p = path.join(d, "a.json");
    fs.writeFileSync(p, "old, and longer than the new text\n");
    fs.chmodSync(p, 0o600);
    const before = fs.statSync(p).ino;
    writeFileAtomic(p, "new\n");
    expect(fs.readFileSync(p, "utf8")).toBe("new\n");
    expect(fs.statSync(p).ino).not.toBe(before);
    expect(fs.statSync(p).mode & 0o777).toBe(0o600);
    expect(temporaries(d)).toEqual([]);
  });

  test("without force an existing file is refused and kept", () => {
    const d = scratch();
    const p = path.join(d, "a.json");
    fs.writeFileSync(p, "keep");
    expect(cliError(() => writeFileAtomic(p, "x", false)).message).toBe(`${p} already exists (use --force to replace it)`);
    expect(fs.readFileSync(p, "utf8")).toBe("keep");
    expect(temporaries(d)).toEqual([]);
  });

  test("without force, a file that appears while writing is kept and the write fails", () => {
    const d = scratch();
    const p = path.join(d, "g.json");
    const file = new AtomicFile(p, { force: false });
    file.write("graph");
    fs.writeFileSync(p, "someone else's");
    expect(cliError(() => file.commit()).message).toContain("appeared while it was being written");
    expect(fs.readFileSync(p, "utf8")).toBe("someone else's");
    expect(temporaries(d)).toEqual([]);
  });

  test("abort leaves the target untouched and removes the temporary file", () => {
    const d = scratch();
    const p = path.join(d, "a.json");
    fs.writeFileSync(p, "old");
    const file = new AtomicFile(p);
    expect(path.dirname(file.tempPath!)).toBe(d);
    expect(path.basename(file.tempPath!)).toMatch(/^\.a\.json\.\d+\.[0-9a-f]+\.tmp$/);
    file.write("half of a new fi");
    expect(fs.readFileSync(p, "utf8")).toBe("old");
    file.abort();
    expect(fs.readdirSync(d)).toEqual(["a.json"]);
  });

  test("text is buffered, bytes written through; large outputs arrive whole", () => {
    const d = scratch();
    const p = path.join(d, "big.json");
    const file = new AtomicFile(p);
    const chunk = "x".repeat(300_000);
    for (let i = 0; i < 10; i++) file.write(chunk);
    file.write(new TextEncoder().encode("!\n"));
    file.commit();
    expect(fs.statSync(p).size).toBe(3_000_002);
  });

  test("a missing folder is named before anything is written", () => {
    const d = scratch();
    const p = path.join(d, "no", "such", "a.json");
    expect(cliError(() => checkOutput(p, { option: "--out" })).message).toBe(
      `--out ${p}: folder ${path.join(d, "no", "such")} does not exist`,
    );
    expect(cliError(() => writeFileAtomic(p, "x")).message).toContain(`folder ${path.join(d, "no", "such")} does not exist`);
  });
});

describe("symbolic links", () => {
  test("a link is followed: the link stays, its target is replaced in the target's folder", () => {
    const d = scratch();
    const elsewhere = scratch();
    const target = path.join(elsewhere, "real.json");
    fs.writeFileSync(target, "old");
    const link = path.join(d, "link.json");
    fs.symlinkSync(target, link);
    writeFileAtomic(link, "new");
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(target);
    expect(fs.readFileSync(target, "utf8")).toBe("new");
    expect(temporaries(d)).toEqual([]);
    expect(temporaries(elsewhere)).toEqual([]);
  });

  test("relative links and chains of links are followed to the end", () => {
    const d = scratch();
    fs.mkdirSync(path.join(d, "sub"));
    fs.writeFileSync(path.join(d, "sub", "real.json"), "old");
    fs.symlinkSync("sub/real.json", path.join(d, "one"));
    fs.symlinkSync("one", path.join(d, "two"));
    writeFileAtomic(path.join(d, "two"), "new");
    expect(fs.readFileSync(path.join(d, "sub", "real.json"), "utf8")).toBe("new");
    expect(fs.lstatSync(path.join(d, "one")).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(d, "two")).isSymbolicLink()).toBe(true);
  });

  test("a dangling link creates its target, as a shell redirection would", () => {
    const d = scratch();
    fs.mkdirSync(path.join(d, "sub"));
    fs.symlinkSync("sub/new.json", path.join(d, "link.json"));
    writeFileAtomic(path.join(d, "link.json"), "made");
    expect(fs.readFileSync(path.join(d, "sub", "new.json"), "utf8")).toBe("made");
    expect(fs.lstatSync(path.join(d, "link.json")).isSymbolicLink()).toBe(true);
  });

  test("without force, a link to an existing file counts as existing", () => {
    const d = scratch();
    fs.writeFileSync(path.join(d, "real.json"), "keep");
    fs.symlinkSync("real.json", path.join(d, "link.json"));
    expect(cliError(() => writeFileAtomic(path.join(d, "link.json"), "x", false)).message).toContain("already exists");
    expect(fs.readFileSync(path.join(d, "real.json"), "utf8")).toBe("keep");
  });

  test("a loop of links is an error naming the path", () => {
    const d = scratch();
    fs.symlinkSync("b", path.join(d, "a"));
    fs.symlinkSync("a", path.join(d, "b"));
    expect(cliError(() => writeFileAtomic(path.join(d, "a"), "x")).message).toBe(
      `cannot write ${path.join(d, "a")}: too many levels of symbolic links`,
    );
  });
});

describe("FIFOs and devices are written in place, never replaced", () => {
  test.skipIf(!hasMkfifo)("a FIFO gets the data and stays a FIFO", () => {
    const d = scratch();
    const fifo = path.join(d, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // A reader first (non-blocking open), so the writer's open does not wait.
    const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      writeFileAtomic(fifo, "through the pipe\n", false); // no --force needed: nothing is replaced
      const buf = Buffer.alloc(100);
      const n = fs.readSync(reader, buf, 0, 100, null);
      expect(buf.subarray(0, n).toString()).toBe("through the pipe\n");
    } finally {
      fs.closeSync(reader);
    }
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(fs.readdirSync(d)).toEqual(["pipe"]);
  });

  test.skipIf(!hasMkfifo)("a link to a FIFO writes the FIFO; the link stays", () => {
    const d = scratch();
    const fifo = path.join(d, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    fs.symlinkSync("pipe", path.join(d, "out.json"));
    expect(resolveOutput(path.join(d, "out.json"))).toEqual({ kind: "stream", path: fifo });
  });

  test("/dev/null takes the data and is the same device node afterwards", () => {
    const before = identity("/dev/null");
    const devBefore = temporaries("/dev");
    writeFileAtomic("/dev/null", "discarded\n");
    writeFileAtomic("/dev/null", "again, without force\n", false);
    expect(identity("/dev/null")).toBe(before);
    expect(temporaries("/dev")).toEqual(devBefore);
  });

  test("/dev/full: the write fails in plain words, and the device node stays", () => {
    const before = identity("/dev/full");
    expect(cliError(() => writeFileAtomic("/dev/full", "x".repeat(10_000))).message).toBe(
      "cannot write /dev/full: no space left on device",
    );
    expect(identity("/dev/full")).toBe(before);
    expect(fs.lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  test("a descriptor link (/dev/stdout, /proc/self/fd/N) writes that descriptor", () => {
    expect(resolveOutput("/dev/stdout")).toEqual({ kind: "stream", path: "/proc/self/fd/1", fd: 1 });
    expect(resolveOutput("/proc/self/fd/2")).toEqual({ kind: "stream", path: "/proc/self/fd/2", fd: 2 });
    const d = scratch();
    const fd = fs.openSync(path.join(d, "f"), "w");
    try {
      writeFileAtomic(`/dev/fd/${fd}`, "via the descriptor");
      expect(fs.readFileSync(path.join(d, "f"), "utf8")).toBe("via the descriptor");
    } finally {
      fs.closeSync(fd);
    }
    expect(cliError(() => resolveOutput("/proc/self/fd/987")).message).toContain("is not an open descriptor");
  });
});

describe("folders and other things", () => {
  test("a folder is an error naming the path, and so is a link to one", () => {
    const d = scratch();
    expect(cliError(() => writeFileAtomic(d, "x")).message).toBe(`cannot write ${d}: it is a folder`);
    fs.symlinkSync(d, path.join(d, "link"));
    expect(cliError(() => writeFileAtomic(path.join(d, "link"), "x")).message).toBe(
      `cannot write ${path.join(d, "link")}: ${d} is a folder`,
    );
    expect(cliError(() => checkOutput(d, { option: "--out" })).message).toBe(`--out ${d}: it is a folder`);
  });

  test("a socket is refused", async () => {
    const d = scratch();
    const sock = path.join(d, "s.sock");
    const net = await import("node:net");
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      expect(cliError(() => writeFileAtomic(sock, "x")).message).toBe(
        `cannot write ${sock}: it is not a regular file, FIFO or character device`,
      );
    } finally {
      server.close();
    }
  });

  test("system errors in plain words, without the runtime's decoration", () => {
    expect(systemErrorText(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" })))
      .toBe("no space left on device");
    expect(systemErrorText(Object.assign(new Error("EWEIRD: something odd, open '/x'"), { code: "EWEIRD" })))
      .toBe("something odd");
    expect(systemErrorText("plain")).toBe("plain");
  });
});

describe("--out DIR/ folders", () => {
  test("a missing folder ending in / is created (with its parents) when asked, else named", () => {
    const d = scratch();
    const dir = path.join(d, "a", "b") + "/";
    expect(cliError(() => outIsDirectory(dir)).message).toBe(`--out ${dir}: directory does not exist`);
    expect(outIsDirectory(dir, true)).toBe(true);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(outIsDirectory(dir, true)).toBe(true); // again: already there
    expect(outIsDirectory(path.join(d, "file.json"), true)).toBe(false); // no slash: a file name
    expect(fs.existsSync(path.join(d, "file.json"))).toBe(false);
  });

  test("a file in the way is an error naming the folder", () => {
    const d = scratch();
    fs.writeFileSync(path.join(d, "f"), "");
    expect(cliError(() => ensureDirectory(path.join(d, "f"))).message).toBe(
      `cannot create folder ${path.join(d, "f")}: it exists and is not a folder`,
    );
    expect(cliError(() => ensureDirectory(path.join(d, "f", "sub"))).message).toBe(
      `cannot create folder ${path.join(d, "f", "sub")}: a path component is not a folder`,
    );
  });

  test("a link to a folder counts as the folder", () => {
    const d = scratch();
    fs.mkdirSync(path.join(d, "real"));
    fs.symlinkSync("real", path.join(d, "link"));
    ensureDirectory(path.join(d, "link"));
    expect(outIsDirectory(path.join(d, "link") + "/", true)).toBe(true);
  });
});

describe("through the command line", () => {
  const SYSTEM_OS = ["--name", "system[os]", "--allow-fail", "--hostname", "n1"];

  test("extract --out /dev/stdout writes stdout (a pipe here), --out /dev/null discards", () => {
    const r = runCli(["extract", ...SYSTEM_OS, "--out", "/dev/stdout"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).compspec.hostname).toBe("n1");
    const before = identity("/dev/null");
    expect(runCli(["extract", ...SYSTEM_OS, "--out", "/dev/null"]).status).toBe(0);
    expect(identity("/dev/null")).toBe(before);
  });

  test("--out /dev/stdout appended to a file keeps what the file held (the shell's >>)", () => {
    const d = scratch();
    const log = path.join(d, "log");
    fs.writeFileSync(log, "earlier line\n");
    const cmd = `'${process.execPath}' '${REPO}/src/main.ts' extract --name 'system[os]' -f --hostname n1 --out /dev/stdout >> '${log}'`;
    expect(spawnSync("sh", ["-c", cmd], { env: { ...process.env, NO_COLOR: "1" } }).status).toBe(0);
    const text = fs.readFileSync(log, "utf8");
    expect(text.startsWith("earlier line\n{")).toBe(true);
  });

  test("create nodes --out /dev/full --force: one line, exit 1, /dev/full still the device", () => {
    const before = identity("/dev/full");
    const r = runCli(["create", "nodes", "--cluster-name", "c", "--node-dir", path.join(REPO, "fixtures/nodes/rainbow-red"), "--out", "/dev/full", "--force"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("compspec: error: cannot write /dev/full: no space left on device\n");
    expect(identity("/dev/full")).toBe(before);
  });

  test.skipIf(!hasMkfifo)("extract --out FIFO writes into the FIFO, which stays a FIFO", () => {
    const d = scratch();
    const fifo = path.join(d, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const cmd = `cat '${fifo}' > '${d}/got' & '${process.execPath}' '${REPO}/src/main.ts' extract --name 'system[os]' -f --hostname n1 --out '${fifo}'; s=$?; wait; exit $s`;
    const r = spawnSync("sh", ["-c", cmd], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(d, "got"), "utf8")).compspec.hostname).toBe("n1");
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  test("extract --out LINK --force writes the link's target; the link stays", () => {
    const d = scratch();
    fs.writeFileSync(path.join(d, "real.json"), "old");
    fs.symlinkSync("real.json", path.join(d, "n1.json"));
    // The link's existing target counts as the existing file (#22 §5): refused without --force.
    expect(runCli(["extract", ...SYSTEM_OS, "--out", path.join(d, "n1.json")]).status).toBe(1);
    expect(fs.readFileSync(path.join(d, "real.json"), "utf8")).toBe("old");
    expect(runCli(["extract", ...SYSTEM_OS, "--out", path.join(d, "n1.json"), "--force"]).status).toBe(0);
    expect(fs.lstatSync(path.join(d, "n1.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(d, "real.json"), "utf8")).compspec.hostname).toBe("n1");
    // --out DIR/ whose <hostname>.json is that link: the same.
    fs.writeFileSync(path.join(d, "real.json"), "old");
    expect(runCli(["extract", ...SYSTEM_OS, "--out", d + "/", "--force"]).status).toBe(0);
    expect(fs.lstatSync(path.join(d, "n1.json")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(d, "real.json"), "utf8")).toContain('"n1"');
  });

  test("extract and snapshot --out DIR/ create a missing folder; --out FOLDER without / writes into it", () => {
    const d = scratch();
    expect(runCli(["extract", ...SYSTEM_OS, "--out", path.join(d, "new", "nodes") + "/"]).status).toBe(0);
    expect(fs.readdirSync(path.join(d, "new", "nodes"))).toEqual(["n1.json"]);
    const s = runCli(["snapshot", "--allow-fail", "--out", path.join(d, "snaps") + "/"]);
    expect(s.status, s.stderr).toBe(0);
    expect(fs.readdirSync(path.join(d, "snaps"))).toHaveLength(1);
    const folder = runCli(["extract", ...SYSTEM_OS, "--out", path.join(d, "new")]);
    expect(folder.status).toBe(0);
    expect(fs.readdirSync(path.join(d, "new")).sort()).toEqual(["n1.json", "nodes"]);
  });
});
