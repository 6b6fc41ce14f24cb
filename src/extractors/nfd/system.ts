/**
 * NFD's `system` source: `name.nodename` (env NODE_NAME), `osrelease.*` from
 * /etc/os-release with `VERSION_ID.major` / `.minor`, and `dmiid.sys_vendor`.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { readOptional, readTrimmed } from "../common/optional_read.ts";
import { type Features, newFeatures } from "./flatten.ts";

/**
 * os-release lines `KEY=value` (KEY of word characters, value non-empty) to
 * KEY → value with all leading and trailing `"` and `'` removed; no unescaping,
 * as NFD.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^(\w+)=(.+)/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^["']+|["']+$/g, "");
  }
  return out;
}

/** `major` and `minor` of a VERSION_ID like `22.04` (only the non-empty ones). */
export function splitVersionId(version: string): Record<string, string> {
  const m = /^(\d+)(\.(\d+))?(\..*)?$/.exec(version);
  const out: Record<string, string> = {};
  if (m?.[1]) out.major = m[1];
  if (m?.[3]) out.minor = m[3];
  return out;
}

/** Discover the `system` source. `nodeName` is the NODE_NAME environment variable (empty when unset). */
export function discoverSystem(host: Host, nodeName: string): Features {
  const features = newFeatures();
  features.attributes.name = { nodename: nodeName };
  const text = readOptional(host, "/etc/os-release");
  if (text !== undefined) {
    const release = parseOsRelease(text);
    if (release.VERSION_ID !== undefined) {
      for (const [k, v] of Object.entries(splitVersionId(release.VERSION_ID))) release[`VERSION_ID.${k}`] = v;
    }
    features.attributes.osrelease = release;
  }
  const vendor = readTrimmed(host, "/sys/devices/virtual/dmi/id/sys_vendor");
  if (vendor !== undefined) features.attributes.dmiid = { sys_vendor: vendor };
  return features;
}
