/**
 * Test helper: a node file holding features given in NFD's JSON model (as in
 * fixtures/compat/nfd), flattened into `nfd.<source>` sections exactly as the
 * nfd extractor (and compspec-go) writes them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { NodeFile } from "../../src/node/schema.ts";
import { type Features, flattenFeatures, newFeatures } from "../../src/extractors/nfd/flatten.ts";

/** NFD's feature JSON model. */
export interface NfdJson {
  flags?: Record<string, string[]>;
  attributes?: Record<string, Record<string, string>>;
  instances?: Record<string, Record<string, string>[]>;
}

/** A node file for `hostname` holding `json`'s features. */
export function nodeFileFromNfdJson(json: NfdJson, hostname: string): NodeFile {
  const bySource = new Map<string, Features>();
  const of = (feature: string): [Features, string] => {
    const [source, set] = [feature.slice(0, feature.indexOf(".")), feature.slice(feature.indexOf(".") + 1)];
    if (!bySource.has(source)) bySource.set(source, newFeatures());
    return [bySource.get(source)!, set];
  };
  for (const [f, list] of Object.entries(json.flags ?? {})) of(f)[0].flags[of(f)[1]] = list;
  for (const [f, attrs] of Object.entries(json.attributes ?? {})) of(f)[0].attributes[of(f)[1]] = attrs;
  for (const [f, list] of Object.entries(json.instances ?? {})) of(f)[0].instances[of(f)[1]] = list;
  const sections: Record<string, Record<string, string>> = {};
  for (const [source, features] of bySource) sections[source] = flattenFeatures(features);
  return { compspec: { version: "0.1.0", hostname }, results: { nfd: { sections } } };
}

/** Write `json`'s features as node file `<dir>/<hostname>.json` (with a CPU count, so `create nodes` can graph it); returns its path. */
export function writeNfdNodeFile(dir: string, hostname: string, json: NfdJson): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${hostname}.json`);
  const node = nodeFileFromNfdJson(json, hostname);
  node.results.system = { sections: { cpu: { cores: "4" } } };
  fs.writeFileSync(file, JSON.stringify(node));
  return file;
}
