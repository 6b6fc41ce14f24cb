/**
 * `compspec artifact push`: attach a compatibility artifact to an image in a
 * registry or an OCI layout.
 *
 * @module
 */
import { pushArtifact } from "../registry/artifact.ts";
import { type ArtifactKind, DocumentError, MAX_DOCUMENT_BYTES, parseArtifactBytes } from "../compat/mod.ts";
import { MAX_ARTIFACT_BYTES } from "../registry/media_types.ts";
import { parseReference } from "../registry/reference.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { PLATFORM_OPTION, REGISTRY_HELP_BLOCK, REGISTRY_HELP_COLUMN, REGISTRY_OPTIONS } from "./registry_flags.ts";
import { accessFromFlags, cliErrorOf } from "./registry_options.ts";
import { CliError, info, usageError, warn, writeStdout } from "./output.ts";

/** The kinds `--kind` stores an artifact as, unread. */
const ARTIFACT_KINDS = ["nfd", "compspec"] as const satisfies readonly ArtifactKind[];

/** `compspec artifact push`, declared: options and help. */
export const ARTIFACT_PUSH = defineCommand({
  name: "artifact push",
  options: {
    artifact: {
      type: "string",
      value: "FILE",
      required: true,
      help: [
        `the artifact, YAML or JSON: at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB, or`,
        `${MAX_ARTIFACT_BYTES / 1024 / 1024} MiB with --kind`,
      ],
    },
    image: { type: "string", value: "REF", required: true, help: ["the image to attach it to"] },
    kind: {
      type: "string",
      value: "nfd|compspec",
      choices: ARTIFACT_KINDS,
      help: [
        "store it as this kind without reading it (default: read",
        "and validated as 'compspec check' reads artifacts, the",
        "kind told from its content; e.g. for an NFD artifact",
        "using features compspec's check refuses, such as templates)",
      ],
    },
    created: { type: "string", value: "TIME", help: ["org.opencontainers.image.created (RFC 3339; default now)"] },
    ...PLATFORM_OPTION,
    ...REGISTRY_OPTIONS,
  },
  help: [
    `Usage: compspec artifact push --artifact FILE --image REF [--platform OS/ARCH[/VARIANT]]
                              [--kind nfd|compspec] [--created TIME] [registry options]`,
    `Attach a compatibility artifact to an image, so that 'compspec artifact pull',
'compspec check --image', NFD ('nfd compat validate-node --image') and
compspec-go ('compspec match') find it from the image reference alone.

  NFD v1alpha1 rule artifacts are attached the way NFD and ORAS do it: an OCI
  artifact manifest (artifactType application/vnd.nfd.image-compatibility.v1alpha1,
  empty config, one layer, org.opencontainers.image.created) whose subject is
  the image; listed by the registry's referrers API, or else in the referrers
  tag-schema index (tag sha256-<hex>), keeping every other referrer.
  compspec attribute artifacts (compspec-go's CompatibilitySpec) are stored the
  way compspec-go's examples are: under the sibling tag <tag>-compspec, layer
  application/org.supercontainers.compspec.`,
    `REF is host[:port]/repo[:tag|@digest] or oci-layout:PATH[:tag|@digest] (an OCI
image layout folder, created when missing for the artifact; the image must be in it).
Prints the artifact's reference (…@sha256:…) on standard output.`,
    { title: "Options", options: ["artifact", "image", "kind", "created", "platform", "help"], column: REGISTRY_HELP_COLUMN },
    REGISTRY_HELP_BLOCK,
    `Examples:
  compspec artifact push --artifact nfd-spec.yaml --image registry.example.org/app:1.0
  compspec artifact push --plain-http --artifact spec.json --image 127.0.0.1:5000/lammps:intel-mpi
  compspec artifact push --artifact nfd-spec.yaml --image oci-layout:./app-layout:1.0
  printf '%s' "$TOKEN" | compspec artifact push --registry-token-stdin \\
      --artifact nfd-spec.yaml --image ghcr.io/org/app:1.0 --platform linux/arm64`,
  ],
});

/** Run `compspec artifact push`. */
export async function artifactPushCommand(argv: string[]): Promise<number> {
  const command = ARTIFACT_PUSH.name;
  const parsed = parseCommand(ARTIFACT_PUSH, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  let created: Date | undefined;
  if (values.created !== undefined) {
    created = new Date(values.created);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(values.created) || Number.isNaN(created.getTime())) {
      throw usageError(`${command}: --created ${JSON.stringify(values.created)}: expected an RFC 3339 time, e.g. 2026-01-01T00:00:00Z`);
    }
  }
  try {
    const ref = parseReference(values.image);
    const bytes = readArtifactFile(values.artifact);
    const kind: ArtifactKind = values.kind ?? await artifactKindOf(bytes, values.artifact);
    const access = accessFromFlags(command, values);
    const result = await pushArtifact(ref, { bytes, kind, fileName: values.artifact, ...(created ? { created } : {}) }, access);
    const how = result.via === "sibling tag"
      ? `compspec attribute artifact stored under the sibling tag`
      : `NFD artifact attached to ${result.subject} (listed in the ${result.via})`;
    info(`compspec: ${how}: ${result.reference}`);
    writeStdout(`${result.reference}\n`);
    return 0;
  } catch (e) {
    throw cliErrorOf(e, command);
  }
}

/** The artifact file's bytes, bounded; errors name the file. */
function readArtifactFile(path: string): Uint8Array {
  try {
    return readSmallFile(path, MAX_ARTIFACT_BYTES);
  } catch (e) {
    if (e instanceof SmallFileError) throw new CliError(`artifact push: ${path}: ${e.message}`, 2);
    throw e;
  }
}

/**
 * The kind of the artifact in `bytes`, read and validated as 'check' reads it,
 * so that a broken artifact is refused before it is published. A usage error
 * (exit 2) naming the file and the place otherwise.
 */
async function artifactKindOf(bytes: Uint8Array, file: string): Promise<ArtifactKind> {
  try {
    const artifact = await parseArtifactBytes(bytes, file);
    // What check would warn about (a misspelt flag, a field with no effect) is worth knowing before publishing.
    for (const note of artifact.notes) warn(`artifact push: ${note}`);
    return artifact.kind;
  } catch (e) {
    if (e instanceof DocumentError) throw usageError(`artifact push: ${e.message}`);
    throw e;
  }
}
