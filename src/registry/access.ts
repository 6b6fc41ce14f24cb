/**
 * Opening repositories: one HTTP client per registry host (so tokens are
 * reused across images of one run), credentials resolved per host, and OCI
 * layouts for `oci-layout:` references.
 *
 * @module
 */
import process from "node:process";
import { type CredentialFlags, resolveCredentials, sameRegistry } from "./credentials.ts";
import { Deadline } from "./deadline.ts";
import { RegistryHttp } from "./http.ts";
import { LayoutRepository } from "./layout.ts";
import type { PlatformSpec } from "./platform.ts";
import type { ImageReference } from "./reference.ts";
import { RemoteRepository } from "./remote.ts";
import type { Repository } from "./repository.ts";
import { VERSION } from "../util/version.ts";

/** Default limit for the network work of one access object (one command). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How to reach registries and what to look for. */
export interface AccessOptions {
  /** `http://` for every registry (loopback or explicitly insecure ones). */
  plainHttp?: boolean;
  /**
   * Limit for all network work done through this access object together
   * (default {@linkcode DEFAULT_TIMEOUT_MS}): one deadline, started at the first request.
   */
  timeoutMs?: number;
  /** Credentials from the command line. */
  credentials?: CredentialFlags;
  /**
   * The one registry host `credentials` are for (`match --registry`); other
   * hosts use their docker config entry or none. Unset: every host opened.
   */
  credentialsHost?: string;
  /** Environment for `DOCKER_CONFIG` / `HOME` (default: the process's). */
  env?: Record<string, string | undefined>;
  /** Platform of a multi-arch index to attach to or look up. */
  platform?: PlatformSpec;
  /** Referrer artifact types that count as compatibility artifacts. */
  artifactTypes?: readonly string[];
  /** Non-fatal problems. */
  warn?: (message: string) => void;
}

/** Opens repositories for one command run, sharing auth state per host. */
export class RegistryAccess {
  #hosts = new Map<string, RegistryHttp>();
  /** Shared by every host: `--timeout` bounds the command, not each request. */
  readonly deadline: Deadline;

  constructor(readonly options: AccessOptions = {}) {
    this.deadline = new Deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  /** Warn through the options' callback. */
  warn(message: string): void {
    this.options.warn?.(message);
  }

  /** The repository a reference names; `create` makes a missing layout folder (pushes). */
  repository(ref: ImageReference, create = false): Repository {
    if (ref.kind === "layout") return new LayoutRepository(ref.path, create);
    let http = this.#hosts.get(ref.host);
    if (!http) {
      const forHost = this.options.credentialsHost;
      const flags = forHost === undefined || sameRegistry(forHost.toLowerCase(), ref.host) ? this.options.credentials : undefined;
      const credentials = resolveCredentials(
        ref.host,
        flags ?? {},
        this.options.env ?? process.env,
        (m) => this.warn(m),
      );
      http = new RegistryHttp(ref.host, {
        plainHttp: this.options.plainHttp ?? false,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        deadline: this.deadline,
        credentials,
        userAgent: `compspec/${VERSION}`,
      });
      this.#hosts.set(ref.host, http);
    }
    return new RemoteRepository(http, ref.repository);
  }
}
