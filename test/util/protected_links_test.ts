/**
 * #21 item 8: `--out` through a link another user planted in a world-writable
 * sticky folder (`/tmp`). compspec resolves output links itself, so it applies
 * the kernel's `fs.protected_symlinks` rule itself: such a link is followed only
 * when the caller or the folder's owner owns it. Tests run as root, which is the
 * case that matters (root would otherwise replace files in /etc); the victim
 * folder here stands for /etc.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { writeFileAtomic } from "../../src/util/atomic_file.ts";
import { OutputError } from "../../src/util/output_target.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { tempDirsForFile } from "./fixtures.ts";

const scratchDir = tempDirsForFile();

const isRoot = process.geteuid?.() === 0;
const NOBODY = 65534;

/** A 1777 folder (like /tmp) and a victim folder with one file, `passwd`. */
function setup(mode = 0o1777): { sticky: string; victim: string; passwd: string } {
  const base = scratchDir("compspec-protected-");
  const sticky = path.join(base, "tmp");
  const victim = path.join(base, "etc");
  fs.mkdirSync(sticky);
  fs.chmodSync(sticky, mode);
  fs.mkdirSync(victim);
  const passwd = path.join(victim, "passwd");
  fs.writeFileSync(passwd, "root:x:0:0\n", { mode: 0o4755 });
  return { sticky, victim, passwd };
}

/** A link at `at` to `to`, owned by `uid`. */
function plant(at: string, to: string, uid: number): void {
  fs.symlinkSync(to, at);
  fs.lchownSync(at, uid, uid);
}

describe.skipIf(!isRoot)("links planted in a world-writable sticky folder", () => {
  test("another user's link to an existing file: refused, the file untouched, nothing new", async () => {
    const { sticky, victim, passwd } = setup();
    const link = path.join(sticky, "node.json");
    plant(link, passwd, NOBODY);
    let err: unknown;
    try {
      writeFileAtomic(link, "pwned");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OutputError);
    expect((err as Error).message).toContain(`${link} is a symbolic link owned by another user (uid ${NOBODY})`);
    expect(fs.readFileSync(passwd, "utf8")).toBe("root:x:0:0\n");
    expect(fs.readdirSync(victim)).toEqual(["passwd"]);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test("another user's dangling link: no file created where it points", async () => {
    const { sticky, victim } = setup();
    const link = path.join(sticky, "out.json");
    plant(link, path.join(victim, "cron.d-job"), NOBODY);
    expect(() => writeFileAtomic(link, "x")).toThrow("owned by another user");
    expect(fs.readdirSync(victim)).toEqual(["passwd"]);
  });

  test("a chain whose second link is planted is refused too", async () => {
    const { sticky, passwd } = setup();
    const own = path.join(path.dirname(sticky), "mine");
    const planted = path.join(sticky, "planted");
    plant(planted, passwd, NOBODY);
    fs.symlinkSync(planted, own);
    expect(() => writeFileAtomic(own, "x")).toThrow("owned by another user");
    expect(fs.readFileSync(passwd, "utf8")).toBe("root:x:0:0\n");
  });

  test("links the kernel would follow still are: the caller's own, or in a folder that is not sticky", async () => {
    const { sticky, victim } = setup();
    const mine = path.join(sticky, "mine.json");
    fs.symlinkSync(path.join(victim, "a.json"), mine);
    writeFileAtomic(mine, "a");
    expect(fs.readFileSync(path.join(victim, "a.json"), "utf8")).toBe("a");

    const open = setup(0o777);
    const theirs = path.join(open.sticky, "theirs.json");
    plant(theirs, path.join(open.victim, "b.json"), NOBODY);
    writeFileAtomic(theirs, "b");
    expect(fs.readFileSync(path.join(open.victim, "b.json"), "utf8")).toBe("b");
  });

  test("extract --out LINK and --out DIR/ through the CLI: exit 1, one line, nothing written", async () => {
    const { sticky, victim, passwd } = setup();
    const link = path.join(sticky, "node.json");
    plant(link, passwd, NOBODY);
    const r = await runInProcess(["extract", "--name", "system[os]", "-f", "--hostname", "n1", "--out", link]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("owned by another user");
    expect(r.stderr.trim().split("\n").filter((l) => l.includes("error"))).toHaveLength(1);
    expect(fs.readFileSync(passwd, "utf8")).toBe("root:x:0:0\n");
    expect(fs.statSync(passwd).mode & 0o7777).toBe(0o4755);

    // --out DIR/: the node file's own name planted as a link.
    plant(path.join(sticky, "n1.json"), path.join(victim, "n1.json"), NOBODY);
    const d = await runInProcess(["extract", "--name", "system[os]", "-f", "--hostname", "n1", "--out", `${sticky}/`]);
    expect(d.status).toBe(1);
    expect(d.stderr).toContain("owned by another user");
    expect(fs.readdirSync(victim)).toEqual(["passwd"]);

    // --out LINK/: the folder itself planted as a link to the victim folder.
    const dirLink = path.join(sticky, "cluster");
    plant(dirLink, victim, NOBODY);
    const f = await runInProcess(["extract", "--name", "system[os]", "-f", "--hostname", "n2", "--out", `${dirLink}/`]);
    expect(f.status).toBe(1);
    expect(f.stderr).toContain(`cannot write into ${dirLink}/: ${dirLink} is a symbolic link owned by another user`);
    expect(fs.readdirSync(victim)).toEqual(["passwd"]);
  });
});
