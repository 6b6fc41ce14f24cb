/**
 * OCI manifests, indexes and descriptors: valibot schemas and a parser that
 * turns verified bytes into one of them or a clear `malformed` error. Unknown
 * fields are kept (loose objects), so an index rewritten by the referrers
 * fallback loses nothing another client put there.
 *
 * @module
 */
import * as v from "valibot";
import { JsonSyntaxError, parseJsonText } from "../util/json_text.ts";
import { issueText } from "../util/valibot_issue.ts";
import { RegistryError } from "./errors.ts";
import { isDigest } from "./reference.ts";
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, isIndexType, OCI_INDEX, OCI_MANIFEST } from "./media_types.ts";

const Digest = v.pipe(v.string(), v.check(isDigest, "not a sha256/sha512 digest"));
const Annotations = v.record(v.string(), v.string());

/** Platform of an index entry. */
export const PlatformSchema = v.looseObject({
  architecture: v.string(),
  os: v.string(),
  variant: v.optional(v.string()),
  "os.version": v.optional(v.string()),
});

/** A content descriptor. */
export const DescriptorSchema = v.looseObject({
  mediaType: v.string(),
  digest: Digest,
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  annotations: v.optional(Annotations),
  artifactType: v.optional(v.string()),
  platform: v.optional(PlatformSchema),
});

/** An image or artifact manifest (OCI, or Docker v2 schema 2). */
export const ManifestSchema = v.looseObject({
  schemaVersion: v.literal(2),
  mediaType: v.optional(v.string()),
  artifactType: v.optional(v.string()),
  config: DescriptorSchema,
  layers: v.array(DescriptorSchema),
  subject: v.optional(DescriptorSchema),
  annotations: v.optional(Annotations),
});

/** An image index (OCI, Docker manifest list, or a referrers list). */
export const IndexSchema = v.looseObject({
  schemaVersion: v.literal(2),
  mediaType: v.optional(v.string()),
  artifactType: v.optional(v.string()),
  manifests: v.array(DescriptorSchema),
  subject: v.optional(DescriptorSchema),
  annotations: v.optional(Annotations),
});

/** A content descriptor. */
export type Descriptor = v.InferOutput<typeof DescriptorSchema>;
/** An image or artifact manifest. */
export type Manifest = v.InferOutput<typeof ManifestSchema>;
/** An image index. */
export type Index = v.InferOutput<typeof IndexSchema>;
/** A platform. */
export type Platform = v.InferOutput<typeof PlatformSchema>;

/** A parsed manifest or index, with the media type it was served as. */
export type Parsed =
  | { kind: "manifest"; mediaType: string; manifest: Manifest }
  | { kind: "index"; mediaType: string; index: Index };

/**
 * Parse verified manifest bytes. `servedType` is the `Content-Type` (or the
 * descriptor's media type); the body's own `mediaType`, when present, must agree
 * on manifest-versus-index.
 */
export function parseManifestBytes(bytes: Uint8Array, servedType: string | undefined, what: string): Parsed {
  let json: unknown;
  try {
    json = parseJsonText(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new RegistryError("malformed", `${what}: not valid JSON (${e instanceof JsonSyntaxError ? e.message : "not UTF-8"})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new RegistryError("malformed", `${what}: not a JSON object`);
  }
  const obj = json as Record<string, unknown>;
  const bodyType = typeof obj.mediaType === "string" ? obj.mediaType : undefined;
  const served = servedType?.split(";")[0]?.trim();
  const type = bodyType ?? (served && served !== "application/json" && served !== "application/octet-stream" ? served : undefined);
  const looksIndex = type !== undefined ? isIndexType(type) : Array.isArray(obj.manifests);
  if (bodyType !== undefined && served !== undefined && isIndexType(bodyType) !== isIndexType(served) && knownType(served)) {
    throw new RegistryError("malformed", `${what}: served as ${served} but its mediaType is ${bodyType}`);
  }
  if (type !== undefined && !knownType(type)) {
    throw new RegistryError("malformed", `${what}: unsupported manifest media type ${JSON.stringify(type)}`);
  }
  if (looksIndex) {
    const r = v.safeParse(IndexSchema, obj);
    if (!r.success) throw new RegistryError("malformed", `${what}: malformed index (${issueText(r.issues)})`);
    return { kind: "index", mediaType: type ?? OCI_INDEX, index: r.output };
  }
  const r = v.safeParse(ManifestSchema, obj);
  if (!r.success) throw new RegistryError("malformed", `${what}: malformed manifest (${issueText(r.issues)})`);
  return { kind: "manifest", mediaType: type ?? OCI_MANIFEST, manifest: r.output };
}

function knownType(t: string): boolean {
  return t === OCI_MANIFEST || t === OCI_INDEX || t === DOCKER_MANIFEST || t === DOCKER_MANIFEST_LIST;
}

/** Canonical compact JSON bytes for a manifest or index this client writes. */
export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
