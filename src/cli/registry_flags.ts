/**
 * The registry options every registry command shares (`--plain-http`,
 * credentials from stdin, `--platform`, `--timeout`; `--artifact-type` where an
 * image's artifact is looked up): their parseArgs definitions and help.
 * Definitions only, so a command can offer them without loading the registry
 * client (registry_options.ts uses them).
 *
 * @module
 */

/** parseArgs options of the shared registry flags. */
export const REGISTRY_FLAGS = {
  "plain-http": { type: "boolean" },
  "registry-username": { type: "string" },
  "registry-password-stdin": { type: "boolean" },
  "registry-token-stdin": { type: "boolean" },
  timeout: { type: "string" },
} as const;

/** `--platform`, for the commands that resolve an image. */
export const PLATFORM_FLAG = { platform: { type: "string" } } as const;

/** Help lines for {@linkcode REGISTRY_FLAGS}. */
export const REGISTRY_HELP = `Registry options:
      --plain-http             talk HTTP instead of HTTPS (loopback or explicitly
                               insecure registries only)
      --registry-username USER user name for Basic / token auth; the password is
                               read from standard input with --registry-password-stdin
      --registry-password-stdin
                               read the password from standard input
      --registry-token-stdin   read a bearer token from standard input
      --timeout SECONDS        limit for all of the command's registry requests
                               together, redirects and pages included (default 30)
  Without credential flags, the "auths" entry for the registry host in
  $DOCKER_CONFIG/config.json (else ~/.docker/config.json) is used, else anonymous
  access. Credentials are never printed, logged or written to a cache.
`;

/** Help line for {@linkcode PLATFORM_FLAG}. */
export const PLATFORM_HELP = `      --platform OS/ARCH[/VARIANT]
                               for a multi-arch image: the platform's manifest
                               (e.g. linux/amd64, linux/arm64/v8)
`;

/** parseArgs options of the commands that find an image's artifact (`artifact pull`, `check --image`). */
export const ARTIFACT_LOOKUP_FLAGS = {
  "artifact-type": { type: "string", multiple: true },
  ...PLATFORM_FLAG,
  ...REGISTRY_FLAGS,
} as const;

/** Help lines for the options {@linkcode ARTIFACT_LOOKUP_FLAGS} adds to {@linkcode REGISTRY_FLAGS}. */
export const ARTIFACT_LOOKUP_HELP = `      --artifact-type TYPE     referrer artifactType to accept (repeatable; default
                               application/vnd.nfd.image-compatibility.v1alpha1 and
                               the two compspec types)
${PLATFORM_HELP}`;

/** How an image's artifact is found, for the help of the commands that find one. */
export const ARTIFACT_LOOKUP_ORDER = `Where it looks, in order:
  1. the image's referrers (the registry's referrers API, else the referrers
     tag-schema index sha256-<hex>) whose artifactType is a compatibility type;
     the newest org.opencontainers.image.created wins (equal: lowest digest).
     For a multi-arch image without --platform, the image index first, then
     this machine's platform. 'compspec artifact list' shows every one.
  2. compspec-go's sibling tag <tag>-compspec, with a layer of type
     application/org.supercontainers.compspec or application/org.compspec.
Every manifest and blob is checked against its digest and size before use.
REF is host[:port]/repo[:tag|@digest] or oci-layout:PATH[:tag|@digest].
`;

/** Parsed values of the shared flags. */
export interface RegistryFlagValues {
  "plain-http"?: boolean;
  "registry-username"?: string;
  "registry-password-stdin"?: boolean;
  "registry-token-stdin"?: boolean;
  timeout?: string;
  platform?: string;
}

/** Parsed values of {@linkcode ARTIFACT_LOOKUP_FLAGS}. */
export interface ArtifactLookupValues extends RegistryFlagValues {
  "artifact-type"?: string[];
}

/** The lookup options among `values` that were given (`--plain-http` …), as written on the command line. */
export function lookupOptionsGiven(values: ArtifactLookupValues): string[] {
  return Object.keys(ARTIFACT_LOOKUP_FLAGS).filter((k) => values[k as keyof ArtifactLookupValues] !== undefined).map((k) => `--${k}`);
}
