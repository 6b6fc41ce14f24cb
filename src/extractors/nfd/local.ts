/**
 * NFD's `local` source: feature files in
 * /etc/kubernetes/node-feature-discovery/features.d (hooks in `source.d` are
 * disabled by default in NFD, so they are not run). Each file holds
 * `key=value` or bare `key` lines and `# +` directives.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { ExtractError } from "../types.ts";
import { type Features, newFeatures } from "./flatten.ts";

/** Where NFD reads feature files (an absolute path, not under NFD's host prefix). */
export const FEATURES_DIR = "/etc/kubernetes/node-feature-discovery/features.d";

/** NFD skips feature files larger than this; compspec reports them instead. */
export const MAX_FEATURE_FILE_BYTES = 65536;

/** One feature file's contribution. */
export interface FeatureFile {
  /** Raw features (`feature.<key>`). */
  features: Record<string, string>;
  /** Features that NFD would publish as labels (`label.<key>`). */
  labels: Record<string, string>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parse one feature file. `now` (ms since the epoch) decides `# +expiry-time`.
 * Throws {@linkcode ExtractError} naming `path` and the line on what NFD would
 * only log and skip: an unknown `# +` directive, a bad expiry time, an empty
 * key, or a NUL byte (not a text file).
 */
export function parseFeatureFile(text: string, path: string, now: number): FeatureFile {
  const features: Record<string, string> = {};
  const labels: Record<string, string> = {};
  let expiry = now;
  let skipLabel = false;
  let skipFeature = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const fail = (problem: string): never => {
      throw new ExtractError(`${path}:${i + 1}: ${problem}: ${JSON.stringify(line)}`, path);
    };
    if (line === "") continue;
    if (line.includes("\0")) fail("NUL byte in a feature file (not a text file?)");
    if (line.startsWith("#")) {
      if (!line.startsWith("# +")) continue; // an ordinary comment
      const directive = line.slice(3);
      if (directive.startsWith("expiry-time")) {
        const value = directive.slice("expiry-time".length).replace(/^=/, "").trim();
        const t = RFC3339.test(value) ? Date.parse(value) : NaN;
        if (Number.isNaN(t)) fail("expiry-time is not an RFC 3339 time (e.g. 2030-01-01T00:00:00Z)");
        expiry = t;
      } else if (directive === "no-label") {
        skipLabel = true;
      } else if (directive === "no-feature") {
        skipFeature = true;
      } else {
        fail("unknown directive (expected # +expiry-time=…, # +no-label or # +no-feature)");
      }
      continue;
    }
    if (expiry < now) continue; // expired: NFD drops the line
    const eq = line.indexOf("=");
    const key = eq < 0 ? line : line.slice(0, eq);
    const value = eq < 0 ? "true" : line.slice(eq + 1);
    if (key === "") fail("empty feature name");
    if (skipFeature) delete features[key];
    else features[key] = value;
    if (!skipLabel) labels[key] = value;
    skipLabel = false;
    skipFeature = false;
  }
  return { features, labels };
}

/**
 * Discover the `local` source: every regular, non-hidden file in
 * {@linkcode FEATURES_DIR}, in name order, later files overriding earlier keys.
 * A missing directory gives no features, as in NFD.
 */
export function discoverLocal(host: Host, now = Date.now()): Features {
  const features = newFeatures();
  const entries = host.listDir(FEATURES_DIR);
  if (entries === undefined) return features;
  const all: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const name of entries) {
    if (name.startsWith(".")) continue;
    const path = `${FEATURES_DIR}/${name}`;
    if (host.isDirectory(path)) continue;
    const bytes = host.readBytes(path);
    if (bytes.length > MAX_FEATURE_FILE_BYTES) {
      throw new ExtractError(`${path}: feature file is ${bytes.length} bytes, over NFD's limit of ${MAX_FEATURE_FILE_BYTES}`, path);
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new ExtractError(`${path}: feature file is not UTF-8 text`, path);
    }
    const file = parseFeatureFile(text, path, now);
    Object.assign(all, file.features);
    Object.assign(labels, file.labels);
  }
  features.attributes.feature = all;
  features.attributes.label = labels;
  return features;
}
