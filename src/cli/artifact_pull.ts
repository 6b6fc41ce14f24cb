/**
 * `compspec artifact pull`: find an image's compatibility artifact and write
 * its verified bytes.
 *
 * @module
 */
import { MAX_ARTIFACT_BYTES, MAX_MANIFEST_BYTES } from "../registry/media_types.ts";
import { parseCommandArgs } from "./args.ts";
import { ARTIFACT_LOOKUP_FLAGS, ARTIFACT_LOOKUP_HELP, ARTIFACT_LOOKUP_ORDER, REGISTRY_HELP } from "./registry_flags.ts";
import { cliErrorOf, fetchImageArtifact, foundLine } from "./registry_options.ts";
import { checkOutput, info, usageError, writeFileAtomic, writeStdout } from "./output.ts";

/** Help text for `compspec artifact pull`. */
export const ARTIFACT_PULL_HELP = `Usage: compspec artifact pull --image REF [-o FILE] [--platform OS/ARCH[/VARIANT]]
                              [--artifact-type TYPE]... [registry options]

Find the compatibility artifact of an image and write it (the artifact's bytes,
after their digest and size were checked) to standard output or FILE.

${ARTIFACT_LOOKUP_ORDER}Nothing found: "no compatibility artifact attached to IMAGE", exit 1.
Artifacts larger than ${MAX_ARTIFACT_BYTES / 1024 / 1024} MiB and manifests larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB are refused.

Options:
      --image REF              the image                                  (required)
  -o, --out FILE               write the artifact to FILE atomically (default: stdout)
${ARTIFACT_LOOKUP_HELP}  -h, --help                   this help

${REGISTRY_HELP}
Examples:
  compspec artifact pull --image registry.example.org/app:1.0 -o app-compat.yaml
  compspec artifact pull --plain-http --image 127.0.0.1:5000/lammps:intel-mpi
  compspec artifact pull --image oci-layout:/mirror/app:1.0 --platform linux/amd64
`;

/** Run `compspec artifact pull`. */
export async function artifactPullCommand(argv: string[]): Promise<number> {
  const command = "artifact pull";
  const { values } = parseCommandArgs(command, argv, {
    image: { type: "string" },
    out: { type: "string", short: "o" },
    ...ARTIFACT_LOOKUP_FLAGS,
  });
  if (values.help) {
    writeStdout(ARTIFACT_PULL_HELP);
    return 0;
  }
  if (values.image === undefined) throw usageError(`${command}: --image REF is required (see 'compspec ${command} --help')`);
  // Output mistakes show before any network work.
  if (values.out !== undefined) checkOutput(values.out, { option: "--out" });
  try {
    const artifact = await fetchImageArtifact(command, values.image, values);
    info(foundLine(artifact, values.image));
    if (values.out !== undefined) writeFileAtomic(values.out, artifact.bytes);
    else writeStdout(artifact.bytes);
    return 0;
  } catch (e) {
    throw cliErrorOf(e, command);
  }
}
