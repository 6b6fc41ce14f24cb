/**
 * The registry options every registry command shares (registry_flags.ts)
 * turned into a {@linkcode RegistryAccess}, registry errors turned into CLI
 * errors, and finding an image's artifact with them, as `artifact pull` and
 * `check --image` both do.
 *
 * @module
 */
import { RegistryAccess } from "../registry/access.ts";
import { SmallFileError } from "../util/read_small_file.ts";
import { fetchArtifact, type FetchedArtifact } from "../registry/artifact.ts";
import { RegistryError } from "../registry/errors.ts";
import { parsePlatform } from "../registry/platform.ts";
import { parseReference } from "../registry/reference.ts";
import { currentIo } from "./io.ts";
import { CliError, usageError, warn } from "./output.ts";
import type { ArtifactLookupValues, RegistryFlagValues } from "./registry_flags.ts";
import { escapeControl } from "../util/escape_control.ts";

/** The most of standard input read for a secret (tokens are a few KiB). */
const MAX_SECRET_BYTES = 64 * 1024;

/** Standard input as text, without one trailing newline (as `docker login --password-stdin`). */
function readSecretFromStdin(flag: string, command: string): string {
  let text: string;
  try {
    text = new TextDecoder().decode(currentIo().readStdin(MAX_SECRET_BYTES));
  } catch (e) {
    if (!(e instanceof SmallFileError)) throw e;
    const p = e.problem;
    if (p.kind === "too-large") throw usageError(`${command}: ${flag}: standard input is more than ${MAX_SECRET_BYTES} bytes`);
    throw usageError(`${command}: ${flag}: cannot read standard input (${e.code ?? e.message})`);
  }
  text = text.replace(/\r?\n$/, "");
  if (text === "") throw usageError(`${command}: ${flag}: standard input is empty`);
  return text;
}

/**
 * Build the access object for a command from its flag values (reads stdin for
 * secrets). `credentialsHost`: the one registry the credential flags go to
 * (default: every registry the command opens).
 */
export function accessFromFlags(command: string, values: RegistryFlagValues, artifactTypes?: string[], credentialsHost?: string): RegistryAccess {
  const username = values["registry-username"];
  const passwordStdin = values["registry-password-stdin"] ?? false;
  const tokenStdin = values["registry-token-stdin"] ?? false;
  if (passwordStdin && tokenStdin) {
    throw usageError(`${command}: --registry-password-stdin and --registry-token-stdin both read standard input; give one`);
  }
  if (passwordStdin && username === undefined) throw usageError(`${command}: --registry-password-stdin needs --registry-username`);
  if (username !== undefined && !passwordStdin) {
    throw usageError(`${command}: --registry-username needs --registry-password-stdin (passwords are never taken as arguments)`);
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (!Number.isFinite(s) || s <= 0 || s > 3600) throw usageError(`${command}: --timeout ${JSON.stringify(values.timeout)}: expected seconds between 0 and 3600`);
    timeoutMs = Math.round(s * 1000);
  }
  let platform;
  try {
    platform = values.platform === undefined ? undefined : parsePlatform(values.platform);
  } catch (e) {
    throw cliErrorOf(e, command);
  }
  const credentials = tokenStdin
    ? { token: readSecretFromStdin("--registry-token-stdin", command) }
    : username !== undefined
    ? { username, password: readSecretFromStdin("--registry-password-stdin", command) }
    : {};
  return new RegistryAccess({
    plainHttp: values["plain-http"] ?? false,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    credentials,
    ...(credentialsHost === undefined ? {} : { credentialsHost }),
    ...(platform === undefined ? {} : { platform }),
    ...(artifactTypes === undefined || artifactTypes.length === 0 ? {} : { artifactTypes }),
    warn,
    env: currentIo().env,
  });
}

/**
 * A {@linkcode RegistryError} as a {@linkcode CliError}: usage problems exit 2,
 * the rest `failureExit` (default 1), its message one line with control
 * characters escaped; other errors unchanged.
 */
export function cliErrorOf(e: unknown, command: string, failureExit = 1): unknown {
  // One line by design, quoting the registry's media types, platforms and annotations: escape all of it (#21).
  if (e instanceof RegistryError) return new CliError(`${command}: ${escapeControl(e.message)}`, e.kind === "usage" ? 2 : failureExit);
  return e;
}

/**
 * The verified artifact of the image `image` names (see ARTIFACT_LOOKUP_ORDER
 * in registry_flags.ts), with the options `values`. Throws
 * {@linkcode RegistryError} (message naming the image) or a usage error for
 * bad options.
 */
export async function fetchImageArtifact(command: string, image: string, values: ArtifactLookupValues): Promise<FetchedArtifact> {
  return await fetchArtifact(parseReference(image), accessFromFlags(command, values, values["artifact-type"]));
}

/**
 * Where an artifact was found, for stderr: `artifact from referrer sha256:…
 * (media type, N bytes)`, and when others are attached, how many (`image`: the
 * reference as given, for the `artifact list` hint).
 * Source and media type come from the registry: control characters escaped (#21).
 */
export function foundLine(artifact: FetchedArtifact, image: string): string {
  return `compspec: artifact from ${escapeControl(artifact.source)} (${escapeControl(artifact.mediaType)}, ${artifact.bytes.length} bytes)${othersNote(artifact, image)}`;
}

/** `; chosen over N other … (see 'compspec artifact list --image IMAGE')`, or "" when it was the only one. */
export function othersNote(artifact: FetchedArtifact, image: string): string {
  const n = artifact.others ?? 0;
  if (n === 0) return "";
  return `; chosen over ${n} other attached compatibility artifact${n === 1 ? "" : "s"} ` +
    `(referrers before the sibling tag, then newest created, then lowest digest; 'compspec artifact list --image ${image}' lists them)`;
}
