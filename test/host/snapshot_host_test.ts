/**
 * RecordingHost + SnapshotHost: a recording of a small directory, saved and
 * loaded back, answers every recorded question exactly as the directory did,
 * errors included; secrets are never read; bad snapshot files are named.
 */
import { afterAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { type Host, HostError } from "../../src/host/host.ts";
import { openHost } from "../../src/host/open_host.ts";
import { RecordingHost, secretPathReason } from "../../src/host/recording_host.ts";
import {
  decodeSnapshot,
  encodeSnapshot,
  fileRecordBytes,
  fileRecordOf,
  type Snapshot,
} from "../../src/host/snapshot_format.ts";
import { SnapshotHost } from "../../src/host/snapshot_host.ts";
import { tempDir } from "../util/fixtures.ts";

/** Temporary folders made here, removed at the end. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function scratch(prefix?: string): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

/** A tiny machine root: text, binary, empty and non-UTF-8 files, directories, a relative link, a dangling link. */
function makeRoot(): string {
  const root = scratch("compspec-snap-root-");
  const w = (p: string, data: string | Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), data);
  };
  w("proc/cpuinfo", "processor\t: 0\nmodel name\t: Test CPU\n\nprocessor\t: 1\nmodel name\t: Test CPU\n");
  w("proc/config.gz", zlib.gzipSync("CONFIG_NUMA=y\n"));
  w("proc/sys/kernel/hostname", "node07\n");
  w("sys/devices/system/cpu/online", "0-1\n");
  w("sys/devices/system/cpu/cpu0/topology/core_id", "0\n");
  w("sys/devices/system/cpu/cpu1/topology/core_id", "1\n");
  w("sys/devices/system/cpu/cpu1/empty", "");
  w("etc/latin1", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1: not UTF-8
  fs.mkdirSync(path.join(root, "sys/bus/cpu/devices"), { recursive: true });
  fs.symlinkSync("../../../devices/system/cpu/cpu0", path.join(root, "sys/bus/cpu/devices/cpu0"));
  fs.symlinkSync("../../../devices/system/cpu/cpu9", path.join(root, "sys/bus/cpu/devices/cpu9"));
  return root;
}

type Op = [method: keyof Host, path: string];

/** Every kind of question, hits and misses, including reads through a link and of a directory. */
const OPS: Op[] = [
  ["readText", "/proc/cpuinfo"],
  ["readBytes", "/proc/config.gz"],
  ["readText", "/proc/sys/kernel/hostname"],
  ["tryReadText", "/etc/os-release"],
  ["readText", "/etc/os-release"],
  ["readBytes", "/etc/latin1"],
  ["readText", "/sys/devices/system/cpu/cpu1/empty"],
  ["readText", "/sys/devices/system/cpu"], // a directory: not-a-file
  ["readText", "/proc/cpuinfo/x"], // below a file: missing
  ["listDir", "/sys/devices/system/cpu"],
  ["listDir", "/sys/class/drm"],
  ["listDir", "/proc/cpuinfo"],
  ["listDir", "/sys/bus/cpu/devices"],
  ["readLink", "/sys/bus/cpu/devices/cpu0"],
  ["readLink", "/sys/bus/cpu/devices/cpu9"],
  ["readLink", "/proc/cpuinfo"],
  ["readLink", "/nope"],
  ["readText", "/sys/bus/cpu/devices/cpu0/topology/core_id"], // through the link
  ["readText", "/sys/bus/cpu/devices/cpu9/topology/core_id"], // through the dangling link
  ["exists", "/sys/bus/cpu/devices/cpu9"], // a dangling link exists (lstat)
  ["isDirectory", "/sys/bus/cpu/devices/cpu9"],
  ["exists", "/sys/devices/system/node"],
  ["isDirectory", "/sys/bus/cpu/devices/cpu0"],
  ["isDirectory", "/proc/cpuinfo"],
  ["exists", "/proc/cpuinfo"],
];

/** What a host answers to an op: its value (bytes as arrays), or the HostError's kind and message. */
function ask(host: Host, [method, p]: Op): unknown {
  try {
    const value = (host[method] as (path: string) => unknown).call(host, p);
    return { value: value instanceof Uint8Array ? [...value] : value };
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    return { error: e.kind, message: e.message, path: e.path };
  }
}

function snapshotOf(rec: RecordingHost): Snapshot {
  return rec.toSnapshot({ compspec: { version: "0.0.0", commit: "test" }, hostname: "node07", created: "now" });
}

describe("RecordingHost → snapshot → SnapshotHost", () => {
  const root = makeRoot();
  const dirHost = new DirectoryHost(root);
  const expected = OPS.map((op) => ask(dirHost, op));

  for (const gzip of [false, true]) {
    test(`every recorded answer replays identically (${gzip ? "gzip" : "plain JSON"})`, async () => {
      const rec = new RecordingHost(new DirectoryHost(root), { live: false });
      expect(rec.live).toBe(false);
      expect(OPS.map((op) => ask(rec, op))).toEqual(expected); // recording changes nothing
      const bytes = encodeSnapshot(snapshotOf(rec), gzip);
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
      const replay = new SnapshotHost(await decodeSnapshot(bytes, "test.json"), "snapshot test.json");
      expect(replay.live).toBe(false);
      expect(OPS.map((op) => ask(replay, op))).toEqual(expected);
    });
  }

  test("the snapshot holds exactly the paths asked about, binary as base64, text as text", () => {
    const rec = new RecordingHost(new DirectoryHost(root));
    for (const op of OPS) ask(rec, op);
    const snap = snapshotOf(rec);
    const asked = new Set(OPS.map(([, p]) => p));
    expect(new Set(Object.keys(snap.paths))).toEqual(asked);
    expect(snap.paths["/proc/cpuinfo"]!.file).toEqual({
      text: fs.readFileSync(path.join(root, "proc/cpuinfo"), "utf8"),
    });
    expect(snap.paths["/proc/config.gz"]!.file).toHaveProperty("base64");
    expect(snap.paths["/etc/latin1"]!.file).toHaveProperty("base64");
    expect(snap.paths["/etc/os-release"]!.file).toEqual({ error: "missing" });
    expect(snap.paths["/sys/class/drm"]!.dir).toBeNull();
    expect(snap.paths["/sys/bus/cpu/devices/cpu0"]!.link).toBe("../../../devices/system/cpu/cpu0");
    // Nothing the extractors did not ask for: the root's other files are absent.
    expect(snap.paths["/sys/devices/system/cpu/online"]).toBeUndefined();
  });

  test("questions never recorded are answered from what the snapshot knows", () => {
    const rec = new RecordingHost(new DirectoryHost(root));
    rec.readText("/sys/devices/system/cpu/cpu0/topology/core_id");
    rec.readText("/sys/devices/system/cpu/cpu1/topology/core_id");
    const host = new SnapshotHost(snapshotOf(rec), "t");
    expect(host.isDirectory("/sys/devices/system/cpu")).toBe(true);
    expect(host.exists("/sys/devices/system/cpu/cpu1")).toBe(true);
    expect(host.listDir("/sys/devices/system/cpu")).toEqual(["cpu0", "cpu1"]);
    expect(host.isDirectory("/sys/devices/system/cpu/cpu0/topology/core_id")).toBe(false);
    expect(() => host.readText("/sys/devices/system/cpu")).toThrow(expect.objectContaining({ kind: "not-a-file" }));
    expect(() => host.readText("/sys/devices/system/cpu/online")).toThrow(expect.objectContaining({ kind: "missing" }));
    expect(host.tryReadText("/sys/devices/system/cpu/online")).toBeUndefined();
    expect(host.exists("/etc")).toBe(false);
    expect(host.listDir("/etc")).toBeUndefined();
    expect(host.readLink("/sys/devices")).toBeUndefined();
  });

  test("file records round-trip any bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const rec = fileRecordOf(bytes);
      expect(fileRecordBytes(JSON.parse(JSON.stringify(rec)))).toEqual(bytes);
    }));
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => {
      expect(fileRecordOf(new TextEncoder().encode(s))).toEqual({ text: s });
    }));
  });
});

describe("secrets", () => {
  test("secret paths are refused, ordinary ones allowed", () => {
    const secret = [
      "/etc/shadow",
      "/etc/gshadow",
      "/etc/ssh/ssh_host_ed25519_key",
      "/etc/ssl/private/server.key",
      "/etc/munge/munge.key",
      "/root/.bash_history",
      "/home/alice/.ssh/id_rsa",
      "/proc/self/environ",
      "/proc/1/root/etc/shadow",
      "/proc/123/task/124/environ",
      "/run/secrets/kubernetes.io/serviceaccount/token",
      "/sys/../etc/shadow",
      "/opt/app/private/x",
      "/etc/pki/tls/private/localhost.key",
      "/etc/slurm/slurmdbd.conf",
      "/srv/certs/site.pem",
      "/etc/krb5.keytab",
    ];
    const ordinary = [
      "/etc/os-release",
      "/etc/passwd",
      "/proc/cpuinfo",
      "/proc/self/status",
      "/sys/devices/system/cpu/online",
      "/etc/hostname",
      "/proc/sys/kernel/hostname",
      // Matched as paths, not substrings (these were once refused, so snapshots lacked module.secretmem).
      "/sys/module/secretmem",
      "/sys/module/secretmem/parameters/enable",
      "/etc/sshd_extra",
      "/etc/shadowsocks.json",
      "/sys/class/tpm/tpm0/tokens",
      "/usr/lib/x86_64-linux-gnu/libprivate.so",
      "/etc/rootfs",
    ];
    for (const p of secret) expect([p, secretPathReason(p)]).toEqual([p, expect.any(String)]);
    for (const p of ordinary) expect([p, secretPathReason(p)]).toEqual([p, undefined]);
  });

  test("a recording host never reads a secret path and never stores one", () => {
    const root = makeRoot();
    fs.mkdirSync(path.join(root, "etc/ssh"), { recursive: true });
    fs.writeFileSync(path.join(root, "etc/shadow"), "root:$6$hash:::\n");
    fs.writeFileSync(path.join(root, "etc/ssh/key"), "-----BEGIN-----\n");
    const rec = new RecordingHost(new DirectoryHost(root));
    expect(() => rec.readText("/etc/shadow")).toThrow(
      /\/etc\/shadow cannot be read \(compspec snapshot never reads it/,
    );
    expect(rec.tryReadText.bind(rec, "/etc/shadow")).toThrow(HostError);
    expect(() => rec.listDir("/etc/ssh")).toThrow(HostError);
    expect(() => rec.readBytes("/etc/ssh/key")).toThrow(HostError);
    expect(rec.exists("/etc/shadow")).toBe(true);
    expect(Object.keys(snapshotOf(rec).paths)).toEqual([]);
  });
});

describe("snapshot files", () => {
  const good = (): Snapshot => ({
    format: "compspec-snapshot",
    version: 1,
    compspec: { version: "0.1.0", commit: "x" },
    hostname: "n1",
    created: "now",
    paths: { "/proc/cpuinfo": { file: { text: "processor : 0\n" } } },
  });

  test("a tar archive (gzip or not), zip or xz is named as such: unpack it first", async () => {
    // One tar header block: name, then "ustar" at offset 257, as tar writes it.
    const tar = new Uint8Array(1024);
    tar.set(new TextEncoder().encode("x86_64/proc/cpuinfo"), 0);
    tar.set(new TextEncoder().encode("ustar"), 257);
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(zlib.gzipSync(tar)), "is a tar archive"],
      [tar, "is a tar archive"],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), "is a zip archive"],
      [new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0]), "is xz-compressed"],
    ];
    for (const [bytes, kind] of cases) {
      await expect(decodeSnapshot(bytes, "--root x.tar.gz")).rejects.toThrow(
        `--root x.tar.gz: ${kind}, not a compspec snapshot: unpack it first (mkdir DIR && tar -xf FILE -C DIR) and give --root DIR`,
      );
    }
  });

  test("bad files are refused with the file name and the problem", async () => {
    const bad: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode("not json"), /^f\.json: not a compspec snapshot or directory \(not JSON/],
      [new TextEncoder().encode('{"format": "other"}'), /^f\.json: not a compspec snapshot \(no "format"/],
      [
        new TextEncoder().encode(JSON.stringify({ ...good(), version: 99 })),
        /^f\.json: snapshot format version 99 is not supported/,
      ],
      [
        new TextEncoder().encode(JSON.stringify({ ...good(), paths: { "relative/x": {} } })),
        /^f\.json: invalid snapshot at paths/,
      ],
      [
        new TextEncoder().encode(JSON.stringify({ ...good(), paths: { "/a/../b": {} } })),
        /^f\.json: invalid snapshot at paths/,
      ],
      [
        new TextEncoder().encode(JSON.stringify({ ...good(), paths: { "/x": { file: { base64: "!!" } } } })),
        /^f\.json: invalid snapshot at paths\.\/x\.file/,
      ],
      [
        new TextEncoder().encode(JSON.stringify({ ...good(), paths: { "/x": { file: { error: "gone" } } } })),
        /^f\.json: invalid snapshot at paths\.\/x\.file/,
      ],
      [new Uint8Array([0x1f, 0x8b, 1, 2, 3]), /^f\.json: cannot decompress snapshot/],
    ];
    for (const [bytes, message] of bad) await expect(decodeSnapshot(bytes, "f.json")).rejects.toThrow(message);
    expect(await decodeSnapshot(encodeSnapshot(good(), true), "f.json")).toEqual(good());
  });

  test("--root accepts a snapshot file as well as a directory", async () => {
    const dir = scratch();
    const file = path.join(dir, "n1.snapshot.json.gz");
    fs.writeFileSync(file, encodeSnapshot(good(), true));
    const host = await openHost(file);
    expect(host).toBeInstanceOf(SnapshotHost);
    expect(host.description).toContain(file);
    expect(host.readText("/proc/cpuinfo")).toBe("processor : 0\n");
    expect(await openHost(dir)).toBeInstanceOf(DirectoryHost);
    fs.writeFileSync(path.join(dir, "junk"), "junk");
    await expect(openHost(path.join(dir, "junk"))).rejects.toThrow(`--root ${path.join(dir, "junk")}: not a compspec snapshot`);
    await expect(openHost(path.join(dir, "absent"))).rejects.toThrow(": no such file or folder");
  });
});
