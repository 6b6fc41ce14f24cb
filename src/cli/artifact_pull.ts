/**
 * `compspec artifact pull`: find an image's compatibility artifact and write
 * its verified bytes.
 *
 * @module
 */
import { MAX_ARTIFACT_BYTES, MAX_MANIFEST_BYTES } from "../registry/media_types.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { ARTIFACT_LOOKUP_OPTIONS, ARTIFACT_LOOKUP_ORDER, REGISTRY_HELP_BLOCK, REGISTRY_HELP_COLUMN } from "./registry_flags.ts";
import { cliErrorOf, fetchImageArtifact, foundLine } from "./registry_options.ts";
import { FORCE_OPTION, forceOf } from "./force_option.ts";
import { checkOutput, info, writeResult } from "./output.ts";

/** `compspec artifact pull`, declared: options and help. */
export const ARTIFACT_PULL = defineCommand({
  name: "artifact pull",
  options: {
    image: { type: "string", value: "REF", required: true, help: ["the image"] },
    out: { type: "string", short: "o", value: "FILE", help: ["write the artifact to FILE atomically (default: stdout)"] },
    ...FORCE_OPTION,
    ...ARTIFACT_LOOKUP_OPTIONS,
  },
  help: [
    `Usage: compspec artifact pull --image REF [-o FILE] [--platform OS/ARCH[/VARIANT]]
                              [--artifact-type TYPE]... [--force] [registry options]`,
    `Find the compatibility artifact of an image and write it (the artifact's bytes,
after their digest and size were checked) to standard output or FILE.`,
    `${ARTIFACT_LOOKUP_ORDER}Nothing found: "no compatibility artifact attached to IMAGE", exit 1.
Artifacts larger than ${MAX_ARTIFACT_BYTES / 1024 / 1024} MiB and manifests larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB are refused.`,
    { title: "Options", options: ["image", "out", "force", "artifact-type", "platform", "help"], column: REGISTRY_HELP_COLUMN },
    REGISTRY_HELP_BLOCK,
    `Examples:
  compspec artifact pull --image registry.example.org/app:1.0 -o app-compat.yaml
  compspec artifact pull --plain-http --image 127.0.0.1:5000/lammps:intel-mpi
  compspec artifact pull --image oci-layout:/mirror/app:1.0 --platform linux/amd64`,
  ],
});

/** Run `compspec artifact pull`. */
export async function artifactPullCommand(argv: string[]): Promise<number> {
  const command = ARTIFACT_PULL.name;
  const parsed = parseCommand(ARTIFACT_PULL, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  // Output mistakes show before any network work.
  const force = forceOf(values);
  if (values.out !== undefined) checkOutput(values.out, { force, option: "--out" });
  try {
    const artifact = await fetchImageArtifact(command, values.image, values);
    info(foundLine(artifact, values.image));
    writeResult(values.out, artifact.bytes, force);
    return 0;
  } catch (e) {
    throw cliErrorOf(e, command);
  }
}
