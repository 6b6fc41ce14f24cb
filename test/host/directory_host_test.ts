/**
 * A saved root is confined to itself (openat2 RESOLVE_IN_ROOT): a link out of
 * it, absolute or relative, reads inside the root instead, for `extract` and
 * `snapshot`; links inside it work as on the machine it was saved from.
 */
import { afterAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { HostError } from "../../src/host/host.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { tempDir } from "../util/fixtures.ts";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const SECRET = "root:$6$notreally$hashhashhash:19000:0:99999:7:::";

/**
 * A folder holding `outside/shadow` (the host file a root must not reach) and
 * `root/`, a saved machine whose /proc/cpuinfo links to it absolutely and whose
 * /proc/meminfo links to it relatively (enough `..` to climb out of the root).
 */
function escapingRoot(): { root: string; secret: string } {
  const base = tempDir("compspec-confine-");
  made.push(base);
  const secret = path.join(base, "outside", "shadow");
  fs.mkdirSync(path.dirname(secret));
  fs.writeFileSync(secret, `${SECRET}\n`);
  const root = path.join(base, "root");
  const w = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  };
  w("etc/os-release", 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
  w("sys/devices/system/cpu/online", "0-1\n");
  fs.mkdirSync(path.join(root, "proc"));
  fs.symlinkSync(secret, path.join(root, "proc/cpuinfo"));
  const up = "../".repeat(secret.split("/").length + 2);
  fs.symlinkSync(`${up}${secret.slice(1)}`, path.join(root, "proc/meminfo"));
  return { root, secret };
}

describe("a saved root's links stay inside it", () => {
  test("the escaping links of the test do reach the secret when the OS follows them", async () => {
    // The control: without confinement these very links leak the file.
    const { root } = escapingRoot();
    expect(fs.readFileSync(path.join(root, "proc/cpuinfo"), "utf8")).toContain(SECRET);
    expect(fs.readFileSync(path.join(root, "proc/meminfo"), "utf8")).toContain(SECRET);
  });

  test("absolute and relative escapes read ROOT/… (missing here), never the host's file", async () => {
    const { root, secret } = escapingRoot();
    const host = new DirectoryHost(root);
    expect(host.tryReadText("/proc/cpuinfo")).toBeUndefined();
    expect(host.tryReadText("/proc/meminfo")).toBeUndefined();
    expect(host.tryReadText("/proc/../../../../../..".concat(secret))).toBeUndefined();
    // The same target placed inside the root is what the links read.
    fs.mkdirSync(path.join(root, path.dirname(secret)), { recursive: true });
    fs.writeFileSync(path.join(root, secret), "processor\t: 0\n");
    expect(host.tryReadText("/proc/cpuinfo")).toBe("processor\t: 0\n");
    expect(new DirectoryHost(root).tryReadText("/proc/meminfo")).toBe("processor\t: 0\n");
  });

  test("relative links inside the root, `..` through a link, links to folders, and listings work", async () => {
    const root = tempDir("compspec-confine-links-");
    made.push(root);
    const cpu0 = path.join(root, "sys/devices/system/cpu/cpu0/topology");
    fs.mkdirSync(cpu0, { recursive: true });
    fs.writeFileSync(path.join(cpu0, "core_id"), "7\n");
    fs.mkdirSync(path.join(root, "sys/bus/cpu/devices"), { recursive: true });
    fs.symlinkSync("../../../devices/system/cpu/cpu0", path.join(root, "sys/bus/cpu/devices/cpu0"));
    fs.symlinkSync("/sys/devices/system", path.join(root, "system")); // absolute, re-rooted
    const host = new DirectoryHost(root);
    expect(host.readText("/sys/bus/cpu/devices/cpu0/topology/core_id")).toBe("7\n");
    expect(host.readText("/sys/bus/cpu/devices/cpu0/../cpu0/topology/core_id")).toBe("7\n");
    expect(host.readText("/system/cpu/cpu0/topology/core_id")).toBe("7\n");
    expect(host.listDir("/sys/bus/cpu/devices/cpu0")).toEqual(["topology"]);
    expect(host.isDirectory("/sys/bus/cpu/devices/cpu0")).toBe(true);
    expect(host.readLink("/sys/bus/cpu/devices/cpu0")).toBe("../../../devices/system/cpu/cpu0");
    expect(host.exists("/sys/bus/cpu/devices/cpu0")).toBe(true);
    expect(host.exists("/sys/bus/cpu/devices/cpu1")).toBe(false);
  });

  test("a link loop is an unreadable path, not a hang", async () => {
    const root = tempDir("compspec-confine-loop-");
    made.push(root);
    fs.symlinkSync("/b", path.join(root, "a"));
    fs.symlinkSync("a", path.join(root, "b"));
    let err: unknown;
    try {
      new DirectoryHost(root).readText("/a");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).message).toBe("/a cannot be read (symbolic link loop)");
  });

  test("extract --root: the secret is in no output (the sections it fed fail, naming the path)", async () => {
    const { root } = escapingRoot();
    const r = await runInProcess(["extract", "--root", root, "--allow-fail"]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("notreally");
    expect(r.stderr).not.toContain("notreally");
    const sections = JSON.parse(r.stdout).results.system.sections;
    expect(sections.processor).toEqual({});
    expect(r.stderr).toContain("system[processor]: /proc/cpuinfo does not exist");
  });

  test("snapshot --root: the snapshot holds no byte of the secret", async () => {
    const { root } = escapingRoot();
    const out = path.join(path.dirname(root), "snap.json.gz");
    const r = await runInProcess(["snapshot", "--root", root, "--out", out, "--allow-fail"]);
    expect(r.status).toBe(0);
    const text = zlib.gunzipSync(fs.readFileSync(out)).toString("utf8");
    expect(text).toContain('"/proc/cpuinfo"');
    expect(text).not.toContain("notreally");
  });
});
