/**
 * A {@linkcode Host} that passes every call to another host and records the
 * answer: file contents and read failures, directory listings (and their
 * absence), link targets, existence probes. `compspec snapshot` runs the
 * extractors against it and saves exactly what they read.
 *
 * It never reads paths that may hold secrets (see {@linkcode secretPathReason}):
 * extractors have no reason to, and a snapshot is meant to be attached to bug
 * reports.
 *
 * @module
 */
import { assertMachinePath, BytesHost, type Host, HostError, resolveMachinePath } from "./host.ts";
import {
  fileRecordOf,
  type PathRecord,
  type RecordedError,
  type Snapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
} from "./snapshot_format.ts";

/**
 * Files and folders (a folder: everything under it) that hold credentials,
 * keys or personal data. Matched as paths, component by component: `/etc/ssh`
 * covers `/etc/ssh/ssh_host_ed25519_key`, never `/etc/sshd_extra` or `/sys/module/secretmem`.
 */
export const SECRET_PATHS: readonly string[] = [
  "/etc/shadow",
  "/etc/shadow-",
  "/etc/gshadow",
  "/etc/gshadow-",
  "/etc/security/opasswd",
  "/etc/sudoers",
  "/etc/sudoers.d",
  "/etc/ssh",
  "/etc/ssl/private",
  "/etc/munge",
  "/etc/krb5.keytab",
  "/etc/slurm/jwt_hs256.key",
  "/etc/slurm/slurmdbd.conf",
  "/root",
  "/home",
  "/run/secrets",
  "/var/run/secrets",
  "/var/lib/kubelet",
  "/proc/kcore",
  "/sys/firmware/efi/efivars",
];
/** Folder names that hold secrets wherever they are (`/etc/pki/tls/private`, `~/.ssh`): whole names only. */
export const SECRET_FOLDER_NAMES: readonly string[] = ["private", "secrets", ".ssh", ".gnupg"];
/** File names that are keys wherever they are. */
const KEY_FILE = /\.(key|pem|p12|pfx|keytab|keyring)$/i;
// Per-process files that expose other processes' memory, environment or files.
const PROC_PRIVATE =
  /^\/proc\/(\d+|self|thread-self)(\/task\/\d+)?\/(environ|mem|root|cwd|exe|fd|fdinfo|map_files|cmdline|auxv|pagemap|syscall|stack)(\/|$)/;

/**
 * Why `path` may hold secrets (so a snapshot refuses it), or `undefined` when it
 * is ordinary: one of {@linkcode SECRET_PATHS} or under one, another process's
 * private files, under a folder of {@linkcode SECRET_FOLDER_NAMES}, or a key
 * file (`*.key`, `*.pem`, `*.p12`, `*.pfx`, `*.keytab`, `*.keyring`).
 */
export function secretPathReason(path: string): string | undefined {
  const p = resolveMachinePath("/", path);
  for (const secret of SECRET_PATHS) {
    if (p === secret || p.startsWith(secret + "/")) return p === secret ? `it is ${secret}` : `under ${secret}`;
  }
  if (PROC_PRIVATE.test(p)) return "another process's private data";
  const parts = p.split("/");
  const folder = parts.find((s) => SECRET_FOLDER_NAMES.includes(s));
  if (folder !== undefined) return `in a folder named ${JSON.stringify(folder)}`;
  if (KEY_FILE.test(parts.at(-1)!)) return "a key file";
  return undefined;
}

/** Options for {@linkcode RecordingHost}. */
export interface RecordingHostOptions {
  /**
   * What the recording host reports as `live`. `compspec snapshot` records with
   * `false`, so extractors take the same path they take when the snapshot is
   * replayed (files only: no environment, no helper programs).
   */
  live?: boolean;
}

/** Records every answer of an inner {@linkcode Host}. */
export class RecordingHost extends BytesHost {
  readonly description: string;
  readonly live: boolean;
  readonly #inner: Host;
  readonly #paths = new Map<string, PathRecord>();

  constructor(inner: Host, opts: RecordingHostOptions = {}) {
    super();
    this.#inner = inner;
    this.description = inner.description;
    this.live = opts.live ?? inner.live;
  }

  /** The recording as a snapshot document, with the given producer and hostname. */
  toSnapshot(meta: Pick<Snapshot, "compspec" | "hostname" | "created">): Snapshot {
    const paths: Record<string, PathRecord> = {};
    for (const [path, rec] of this.#paths) {
      // Belt and braces: #guard already refused these.
      if (secretPathReason(path) !== undefined) throw new Error(`refusing to save ${path} in a snapshot`);
      paths[path] = structuredClone(rec);
    }
    return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...meta, paths };
  }

  #record(path: string): PathRecord {
    const key = resolveMachinePath("/", path);
    let rec = this.#paths.get(key);
    if (rec === undefined) {
      rec = {};
      this.#paths.set(key, rec);
    }
    return rec;
  }

  #guard(path: string): void {
    assertMachinePath(path);
    const reason = secretPathReason(path);
    if (reason !== undefined) throw new HostError(path, "unreadable", `compspec snapshot never reads it: ${reason}`);
  }

  readBytes(path: string): Uint8Array {
    this.#guard(path);
    let bytes: Uint8Array;
    try {
      bytes = this.#inner.readBytes(path);
    } catch (e) {
      if (e instanceof HostError) this.#record(path).file = recordedError(e);
      throw e;
    }
    this.#record(path).file = fileRecordOf(bytes);
    return bytes;
  }

  listDir(path: string): string[] | undefined {
    this.#guard(path);
    let entries: string[] | undefined;
    try {
      entries = this.#inner.listDir(path);
    } catch (e) {
      if (e instanceof HostError) this.#record(path).dir = recordedError(e);
      throw e;
    }
    this.#record(path).dir = entries === undefined ? null : [...entries];
    return entries;
  }

  readLink(path: string): string | undefined {
    this.#guard(path);
    const target = this.#inner.readLink(path);
    this.#record(path).link = target ?? null;
    return target;
  }

  exists(path: string): boolean {
    const answer = this.#inner.exists(path);
    // A probe of a secret path reveals nothing, but is not stored either.
    if (secretPathReason(path) === undefined) this.#record(path).exists = answer;
    return answer;
  }

  isDirectory(path: string): boolean {
    const answer = this.#inner.isDirectory(path);
    if (secretPathReason(path) === undefined) this.#record(path).isDirectory = answer;
    return answer;
  }
}

function recordedError(e: HostError): RecordedError {
  return e.detail === undefined ? { error: e.kind } : { error: e.kind, detail: e.detail };
}
