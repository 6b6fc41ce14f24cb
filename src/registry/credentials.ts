/**
 * Registry credentials, found the way container tools find them:
 * `--registry-username` + `--registry-password-stdin`, `--registry-token-stdin`,
 * else the `auths` entry for the host in `$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`. Credentials live only in memory: never printed,
 * logged or cached. Each set says where it came from (`source`), which is what
 * error messages name.
 *
 * @module
 */
import * as nodePath from "node:path";
import * as v from "valibot";
import { JsonSyntaxError, parseJsonText } from "../util/json_text.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { issueText } from "../util/valibot_issue.ts";
import { RegistryError } from "./errors.ts";

/** Credentials for one registry host. */
export interface Credentials {
  /** Basic credentials. */
  username?: string;
  password?: string;
  /** A bearer token used as it is (`--registry-token-stdin`, `registrytoken`). */
  token?: string;
  /** An OAuth2 refresh token exchanged at the token service (`identitytoken`). */
  identityToken?: string;
  /** Where they came from, for messages: never the values. */
  source: string;
}

/** What the command line gave. */
export interface CredentialFlags {
  username?: string;
  password?: string;
  token?: string;
}

const AuthEntrySchema = v.looseObject({
  auth: v.optional(v.string()),
  username: v.optional(v.string()),
  password: v.optional(v.string()),
  identitytoken: v.optional(v.string()),
  registrytoken: v.optional(v.string()),
});

const DockerConfigSchema = v.looseObject({
  auths: v.optional(v.record(v.string(), AuthEntrySchema)),
  credsStore: v.optional(v.string()),
  credHelpers: v.optional(v.record(v.string(), v.string())),
});

/** The host an `auths` key names: `https://host/v1/` → `host`. */
export function authKeyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
}

/** Host names that mean Docker Hub in a config file. */
const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** Whether two registry hosts are one registry (Docker Hub's names count as one). */
export function sameRegistry(a: string, b: string): boolean {
  return a === b || (DOCKER_HUB.has(a) && DOCKER_HUB.has(b));
}

/** The docker config file to read: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: Record<string, string | undefined>): string | undefined {
  if (env.DOCKER_CONFIG) return nodePath.join(env.DOCKER_CONFIG, "config.json");
  const home = env.HOME;
  return home ? nodePath.join(home, ".docker", "config.json") : undefined;
}

/**
 * Credentials for `host` from a docker config's text (pure). `file` names the
 * file in messages and in `source`. Returns `undefined` when the file has no
 * entry for the host; a warning (no values) when only a credential helper
 * could answer.
 */
export function credentialsFromDockerConfig(
  text: string,
  host: string,
  file: string,
): { credentials?: Credentials; warning?: string } {
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new RegistryError("usage", `${file}: not valid JSON (${e.message})`);
  }
  const r = v.safeParse(DockerConfigSchema, json);
  if (!r.success) throw new RegistryError("usage", `${file}: not a docker config file (${issueText(r.issues)})`);
  const config = r.output;
  const wanted = host.toLowerCase();
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!sameRegistry(authKeyHost(key), wanted)) continue;
    const source = `${file} (auths[${JSON.stringify(key)}])`;
    const creds: Credentials = { source };
    if (entry.auth) {
      let decoded: string;
      try {
        decoded = atob(entry.auth);
      } catch {
        throw new RegistryError("usage", `${source}: "auth" is not base64`);
      }
      const colon = decoded.indexOf(":");
      if (colon < 0) throw new RegistryError("usage", `${source}: "auth" does not decode to user:password`);
      creds.username = decoded.slice(0, colon);
      creds.password = decoded.slice(colon + 1);
    } else if (entry.username !== undefined && entry.password !== undefined) {
      creds.username = entry.username;
      creds.password = entry.password;
    }
    if (entry.identitytoken) creds.identityToken = entry.identitytoken;
    if (entry.registrytoken) creds.token = entry.registrytoken;
    if (creds.username === undefined && !creds.identityToken && !creds.token) continue;
    return { credentials: creds };
  }
  const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => sameRegistry(authKeyHost(k), wanted));
  if (helper || config.credsStore) {
    return {
      warning: `${file} names a credential helper for ${host}; compspec does not run credential helpers ` +
        `(use --registry-username with --registry-password-stdin, or an "auths" entry)`,
    };
  }
  return {};
}

/**
 * Credentials for `host`: the flags when given, else the docker config's entry
 * (read here, at the edge), else none (anonymous).
 */
export function resolveCredentials(
  host: string,
  flags: CredentialFlags,
  env: Record<string, string | undefined>,
  warn: (message: string) => void = () => {},
): Credentials | undefined {
  if (flags.token !== undefined) return { token: flags.token, source: "--registry-token-stdin" };
  if (flags.username !== undefined) {
    return { username: flags.username, password: flags.password ?? "", source: "--registry-username/--registry-password-stdin" };
  }
  const file = dockerConfigPath(env);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = new TextDecoder().decode(readSmallFile(file, 4 * 1024 * 1024));
  } catch (e) {
    if (!(e instanceof SmallFileError)) throw e;
    if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
    throw new RegistryError("usage", `${file}: ${e.message}`);
  }
  const { credentials, warning } = credentialsFromDockerConfig(text, host, file);
  if (warning) warn(warning);
  return credentials;
}

/** What a credential set can do, for messages: `basic credentials from SOURCE`. */
export function describeCredentials(c: Credentials): string {
  const kinds = [
    c.username !== undefined ? "basic credentials" : undefined,
    c.token ? "a bearer token" : undefined,
    c.identityToken ? "an identity token" : undefined,
  ].filter(Boolean);
  return `${kinds.join(" and ")} from ${c.source}`;
}
