/**
 * Opening repositories: one HTTP client per registry host (so tokens are
 * reused across images of one run), credentials resolved per host, and OCI
 * layouts for `oci-layout:` references.
 *
 * @module
 */
import process from "node:process";
import { type CredentialFlags, resolveCredentials } from "./credentials.ts";
import { RegistryHttp } from "./http.ts";
import { LayoutRepository } from "./layout.ts";
import type { PlatformSpec } from "./platform.ts";
import type { ImageReference } from "./reference.ts";
import { RemoteRepository } from "./remote.ts";
import type { Repository } from "./repository.ts";
import { VERSION } from "../util/version.ts";

/** Default limit for one request. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How to reach registries and what to look for. */
export interface AccessOptions {
  /** `http://` for every registry (loopback or explicitly insecure ones). */
  plainHttp?: boolean;
  /** Limit for one request (default {@linkcode DEFAULT_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Credentials from the command line. */
  credentials?: CredentialFlags;
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

  constructor(readonly options: AccessOptions = {}) {}

  /** Warn through the options' callback. */
  warn(message: string): void {
    this.options.warn?.(message);
  }

  /** The repository a reference names; `create` makes a missing layout folder (pushes). */
  repository(ref: ImageReference, create = false): Repository {
    if (ref.kind === "layout") return new LayoutRepository(ref.path, create);
    let http = this.#hosts.get(ref.host);
    if (!http) {
      const credentials = resolveCredentials(
        ref.host,
        this.options.credentials ?? {},
        this.options.env ?? process.env,
        (m) => this.warn(m),
      );
      http = new RegistryHttp(ref.host, {
        plainHttp: this.options.plainHttp ?? false,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        credentials,
        userAgent: `compspec/${VERSION}`,
      });
      this.#hosts.set(ref.host, http);
    }
    return new RemoteRepository(http, ref.repository);
  }
}
