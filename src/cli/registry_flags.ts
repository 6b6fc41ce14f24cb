/**
 * The registry options every registry command shares (`--plain-http`,
 * credentials from stdin, `--platform`, `--timeout`; `--artifact-type` where an
 * image's artifact is looked up): their declarations (type, value name, help).
 * Definitions only, so a command can offer them without loading the registry
 * client (registry_options.ts uses them).
 *
 * @module
 */
import type { HelpBlock, OptionSpecs, OptionValues } from "./option_definition.ts";

/** The shared registry options, declared (see command_definition.ts). */
export const REGISTRY_OPTIONS = {
  "plain-http": { type: "boolean", help: ["talk HTTP instead of HTTPS (loopback or explicitly", "insecure registries only)"] },
  "registry-username": {
    type: "string",
    value: "USER",
    help: ["user name for Basic / token auth; the password is", "read from standard input with --registry-password-stdin"],
  },
  "registry-password-stdin": { type: "boolean", help: ["read the password from standard input"] },
  "registry-token-stdin": { type: "boolean", help: ["read a bearer token from standard input"] },
  timeout: {
    type: "string",
    value: "SECONDS",
    help: ["limit for all of the command's registry requests", "together, redirects and pages included (default 30)"],
  },
} as const satisfies OptionSpecs;

/** Where the registry options' help starts its descriptions. */
export const REGISTRY_HELP_COLUMN = 31;

/** The "Registry options:" help block of {@linkcode REGISTRY_OPTIONS}. */
export const REGISTRY_HELP_BLOCK: HelpBlock = {
  title: "Registry options",
  options: Object.keys(REGISTRY_OPTIONS),
  column: REGISTRY_HELP_COLUMN,
  note: `  Without credential flags, the "auths" entry for the registry host in
  $DOCKER_CONFIG/config.json (else ~/.docker/config.json) is used, else anonymous
  access. Credentials are never printed, logged or written to a cache.`,
};

/** `--platform`, for the commands that resolve an image. */
export const PLATFORM_OPTION = {
  platform: {
    type: "string",
    value: "OS/ARCH[/VARIANT]",
    help: ["for a multi-arch image: the platform's manifest", "(e.g. linux/amd64, linux/arm64/v8)"],
  },
} as const satisfies OptionSpecs;

/** `--artifact-type` and `--platform`: how the commands that find an image's artifact choose it. */
export const LOOKUP_CHOICE_OPTIONS = {
  "artifact-type": {
    type: "string",
    multiple: true,
    value: "TYPE",
    help: [
      "referrer artifactType to accept (repeatable; default",
      "application/vnd.nfd.image-compatibility.v1alpha1 and",
      "the two compspec types)",
    ],
  },
  ...PLATFORM_OPTION,
} as const satisfies OptionSpecs;

/** The options of the commands that find an image's artifact (`artifact pull`, `check --image`). */
export const ARTIFACT_LOOKUP_OPTIONS = { ...LOOKUP_CHOICE_OPTIONS, ...REGISTRY_OPTIONS } as const satisfies OptionSpecs;

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

/** Parsed values of the shared flags (and `--platform`). */
export type RegistryFlagValues = OptionValues<typeof REGISTRY_OPTIONS> & OptionValues<typeof PLATFORM_OPTION>;

/** Parsed values of {@linkcode ARTIFACT_LOOKUP_OPTIONS}. */
export type ArtifactLookupValues = OptionValues<typeof ARTIFACT_LOOKUP_OPTIONS>;

/** The lookup options among `values` that were given (`--plain-http` …), as written on the command line. */
export function lookupOptionsGiven(values: ArtifactLookupValues): string[] {
  return Object.keys(ARTIFACT_LOOKUP_OPTIONS).filter((k) => values[k as keyof ArtifactLookupValues] !== undefined).map((k) => `--${k}`);
}
