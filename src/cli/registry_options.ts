/**
 * The registry options every registry command shares (`--plain-http`,
 * credentials from stdin, `--platform`, `--timeout`), turned into a
 * {@linkcode RegistryAccess}, and registry errors turned into CLI errors.
 *
 * @module
 */
import * as fs from "node:fs";
import { RegistryAccess } from "../registry/access.ts";
import { RegistryError } from "../registry/errors.ts";
import { parsePlatform } from "../registry/platform.ts";
import { CliError, usageError, warn } from "./output.ts";

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
      --timeout SECONDS        limit for each registry request (default 30)
  Without credential flags, the "auths" entry for the registry host in
  $DOCKER_CONFIG/config.json (else ~/.docker/config.json) is used, else anonymous
  access. Credentials are never printed, logged or written to a cache.
`;

/** Help line for {@linkcode PLATFORM_FLAG}. */
export const PLATFORM_HELP = `      --platform OS/ARCH[/VARIANT]
                               for a multi-arch image: the platform's manifest
                               (e.g. linux/amd64, linux/arm64/v8)
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

/** Standard input as text, without one trailing newline (as `docker login --password-stdin`). */
function readSecretFromStdin(flag: string, command: string): string {
  let text: string;
  try {
    text = fs.readFileSync(0, "utf8");
  } catch (e) {
    throw usageError(`${command}: ${flag}: cannot read standard input (${(e as { code?: string }).code ?? e})`);
  }
  text = text.replace(/\r?\n$/, "");
  if (text === "") throw usageError(`${command}: ${flag}: standard input is empty`);
  return text;
}

/** Build the access object for a command from its flag values (reads stdin for secrets). */
export function accessFromFlags(command: string, values: RegistryFlagValues, artifactTypes?: string[]): RegistryAccess {
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
    ...(platform === undefined ? {} : { platform }),
    ...(artifactTypes === undefined || artifactTypes.length === 0 ? {} : { artifactTypes }),
    warn,
  });
}

/** A {@linkcode RegistryError} as a {@linkcode CliError} (usage problems exit 2, the rest 1); other errors unchanged. */
export function cliErrorOf(e: unknown, command: string): unknown {
  if (e instanceof RegistryError) return new CliError(`${command}: ${e.message}`, e.kind === "usage" ? 2 : 1);
  return e;
}
