/**
 * The snapshot file: what `compspec snapshot` writes and `--root SNAPSHOT` reads.
 * One self-contained JSON document (gzip-compressed when the name ends in `.gz`)
 * holding every answer the extractors got from the machine, keyed by machine path:
 *
 * ```json
 * {"format": "compspec-snapshot", "version": 1,
 *  "compspec": {"version": "0.1.0", "commit": "3cc5f953774a"},
 *  "hostname": "node17", "created": "2026-11-25T14:00:00.000Z",
 *  "paths": {
 *    "/proc/cpuinfo": {"file": {"text": "processor\t: 0\n…"}},
 *    "/proc/config.gz": {"file": {"base64": "H4sI…"}},
 *    "/sys/class/drm": {"dir": null},
 *    "/sys/bus/cpu/devices/cpu0": {"link": "../../../devices/system/cpu/cpu0", "isDirectory": true},
 *    "/etc/os-release": {"file": {"error": "missing"}}}}
 * ```
 *
 * A path record holds only what was asked of that path: `file` (contents, or the
 * read's failure), `dir` (sorted entries; `null` when it does not exist), `link`
 * (target; `null` when not a link), `exists`, `isDirectory`.
 *
 * @module
 */
import { stableJson } from "../util/stable_json.ts";
import * as v from "valibot";
import { zlib } from "../util/lazy_builtins.ts";
import { GunzipError, gunzipText } from "../util/gunzip_text.ts";
import { JsonSyntaxError, parseJsonText } from "../util/json_text.ts";
import { HOST_ERROR_KINDS } from "./host.ts";

/** The `format` value of every snapshot. */
export const SNAPSHOT_FORMAT = "compspec-snapshot";
/** The snapshot format version this compspec writes and reads. */
export const SNAPSHOT_VERSION = 1;
/** Largest snapshot (decompressed) compspec loads: far above any real machine's few MB. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

/** A recorded read failure. */
export const RecordedErrorSchema = v.strictObject({
  error: v.picklist(HOST_ERROR_KINDS),
  detail: v.optional(v.string()),
});

/** A recorded file read: UTF-8 text, other bytes as base64, or the failure. */
export const FileRecordSchema = v.union([
  v.strictObject({ text: v.string() }),
  v.strictObject({ base64: v.pipe(v.string(), v.base64("is not valid base64")) }),
  RecordedErrorSchema,
]);

/** Everything recorded about one machine path. */
export const PathRecordSchema = v.strictObject({
  file: v.optional(FileRecordSchema),
  dir: v.optional(v.union([v.nullable(v.array(v.string())), RecordedErrorSchema])),
  link: v.optional(v.nullable(v.string())),
  exists: v.optional(v.boolean()),
  isDirectory: v.optional(v.boolean()),
});

const MachinePathSchema = v.pipe(
  v.string(),
  v.check(
    (p) =>
      p === "/" ||
      (/^\/[^\0]*[^/]$/.test(p) && !p.split("/").slice(1).some((s) => s === "" || s === "." || s === "..")),
    "is not a normalised absolute path",
  ),
);

/** A whole snapshot file. */
export const SnapshotSchema = v.strictObject({
  format: v.literal(SNAPSHOT_FORMAT),
  version: v.literal(SNAPSHOT_VERSION),
  compspec: v.object({ version: v.string(), commit: v.string() }),
  hostname: v.string(),
  created: v.string(),
  paths: v.record(MachinePathSchema, PathRecordSchema),
});

/** A recorded file read. */
export type FileRecord = v.InferOutput<typeof FileRecordSchema>;
/** Everything recorded about one machine path. */
export type PathRecord = v.InferOutput<typeof PathRecordSchema>;
/** A recorded read failure. */
export type RecordedError = v.InferOutput<typeof RecordedErrorSchema>;
/** A whole snapshot. */
export type Snapshot = v.InferOutput<typeof SnapshotSchema>;

/** Store bytes as text when they are UTF-8 (readable in the file), else as base64. */
export function fileRecordOf(bytes: Uint8Array): FileRecord {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { base64: bytesToBase64(bytes) };
  }
}

/** The bytes of a recorded file, or `undefined` when the record is a failure. */
export function fileRecordBytes(record: FileRecord): Uint8Array | undefined {
  if ("text" in record) return new TextEncoder().encode(record.text);
  if ("base64" in record) return base64ToBytes(record.base64);
  return undefined;
}

/** Base64 of bytes with web-standard `btoa` (works in Bun and Deno). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const CHUNK = 0x8000; // String.fromCharCode takes its arguments on the stack
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Bytes of a base64 string. Throws on invalid input. */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Serialise a snapshot: JSON with sorted keys, gzip-compressed when `gzip`. */
export function encodeSnapshot(snapshot: Snapshot, gzip: boolean): Uint8Array {
  const text = stableJson(snapshot, 1) + "\n";
  const bytes = new TextEncoder().encode(text);
  return gzip ? new Uint8Array(zlib().gzipSync(bytes, { level: 9 })) : bytes;
}

/** What archive `data` (the first bytes, already un-gzipped) is, by its magic bytes; `undefined` when none known. */
function archiveKind(data: Uint8Array): string | undefined {
  // POSIX and GNU tar: "ustar" at offset 257 of the first header.
  if (data.length >= 262 && new TextDecoder().decode(data.subarray(257, 262)) === "ustar") return "a tar archive";
  const starts = (...magic: number[]) => magic.every((b, i) => data[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "a zip archive";
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return "xz-compressed";
  if (starts(0x42, 0x5a, 0x68)) return "bzip2-compressed";
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return "zstd-compressed";
  return undefined;
}

/**
 * Parse snapshot bytes (plain or gzip, recognised by content, not name); gzip
 * is decompressed as a stream, refused as soon as it passes `maxBytes`
 * (default {@linkcode MAX_SNAPSHOT_BYTES}). Rejects with an `Error` starting
 * with `name` and saying what is wrong (a parse error says where, never what
 * the text holds).
 */
export async function decodeSnapshot(bytes: Uint8Array, name: string, maxBytes = MAX_SNAPSHOT_BYTES): Promise<Snapshot> {
  let text: string;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = await gunzipText(bytes, maxBytes);
    } catch (e) {
      if (e instanceof GunzipError) throw new Error(`${name}: cannot decompress snapshot (${e.message})`);
      throw e;
    }
  } else {
    text = new TextDecoder().decode(bytes);
  }
  // A gzip stream's head is judged from its decompressed text (tar headers are ASCII, so offsets hold).
  const head = bytes[0] === 0x1f && bytes[1] === 0x8b ? new TextEncoder().encode(text.slice(0, 512)) : bytes.subarray(0, 512);
  const archive = archiveKind(head);
  if (archive !== undefined) {
    throw new Error(`${name}: is ${archive}, not a compspec snapshot: unpack it first (mkdir DIR && tar -xf FILE -C DIR) and give --root DIR`);
  }
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new Error(`${name}: not a compspec snapshot or directory (not JSON: ${e.message})`);
  }
  if (typeof json !== "object" || json === null || (json as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    throw new Error(`${name}: not a compspec snapshot (no "format": "${SNAPSHOT_FORMAT}")`);
  }
  const version = (json as { version?: unknown }).version;
  if (version !== SNAPSHOT_VERSION) {
    throw new Error(
      `${name}: snapshot format version ${
        JSON.stringify(version)
      } is not supported (this compspec reads version ${SNAPSHOT_VERSION})`,
    );
  }
  const result = v.safeParse(SnapshotSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    throw new Error(`${name}: invalid snapshot${where ? ` at ${where}` : ""}: ${issue.message}`);
  }
  return result.output;
}

