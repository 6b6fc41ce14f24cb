/**
 * From what `check` reads about a node — a node file, or a graph's node
 * vertex — to its verdict. Each reader keeps only what the artifact asks
 * about, so a folder of 10,000 node files is reduced file by file to 10,000
 * small verdicts.
 *
 * @module
 */
import { nodeAttributes } from "../node/attributes.ts";
import { failedSectionNote, failedSections, sectionName } from "../node/failed_sections.ts";
import { nodeRecord, NodeRecordError } from "../node/record.ts";
import type { NodeFile } from "../node/schema.ts";
import { attributeSources as sourcesOf, SC } from "../node/vocabulary.ts";
import type { Artifact } from "./artifact.ts";
import { evaluateAttributes, type NodeAttributes } from "./attribute_eval.ts";
import { featuresFromSections, type NodeFeatures, NFD_SOURCES } from "./features.ts";
import { featuresFromLabels } from "./labels.ts";
import { evaluateNfd, type NfdEvaluation } from "./nfd_eval.ts";
import type { NodeVerdict } from "./verdict.ts";

function notDescribed(key: string): string {
  return `compspec does not describe nodes by ${key}`;
}

/** What a node must provide for an artifact: the NFD features it uses, and the sections to extract for them. */
export interface Requirements {
  /** NFD feature names (lower case) the rules look up, `rule.matched` excluded. */
  readonly features: readonly string[];
  /** `--name` values for extracting exactly what is needed from a machine (`nfd[cpu,kernel]`). */
  readonly extract: readonly string[];
}

/** What `artifact` needs from each node. */
export function requirementsOf(artifact: Artifact): Requirements {
  const sections = new Map<string, Set<string>>();
  const need = (extractor: string, section: string) => {
    let s = sections.get(extractor);
    if (!s) sections.set(extractor, s = new Set());
    s.add(section);
  };
  const features = new Set<string>();
  if (artifact.kind === "nfd") {
    for (const set of artifact.sets) {
      for (const rule of set.rules) {
        for (const term of [...(rule.matchFeatures ?? []), ...(rule.matchAny ?? []).flat()]) {
          if (term.lookup === "rule.matched") continue;
          features.add(term.lookup);
          const source = term.lookup.split(".")[0]!;
          if (NFD_SOURCES.includes(source)) need("nfd", source);
        }
      }
    }
  } else {
    // create nodes' attributes need the CPU layout; its section is cheap to read.
    need("system", "cpu");
    for (const req of artifact.requirements) {
      for (const s of sourcesOf(req.key) ?? []) {
        const [extractor, section] = s.split(".") as [string, string];
        // nfd[system] only stands in for system[os] in compspec-go's files.
        if (extractor !== "nfd") need(extractor, section);
      }
    }
  }
  const extract = [...sections].map(([extractor, s]) => `${extractor}[${[...s].join(",")}]`);
  return { features: [...features].sort(), extract };
}

/** The node attributes of a node file (those `create nodes` would put on its vertex). */
export function nodeFileAttributes(file: NodeFile, hostname: string): NodeAttributes {
  let attrs: Record<string, string>;
  try {
    attrs = nodeRecord(file, hostname).attributes;
  } catch (e) {
    if (!(e instanceof NodeRecordError)) throw e;
    // No usable CPU layout: everything but the layout's counts can still be told.
    attrs = Object.fromEntries(
      Object.entries(nodeAttributes(file, { sockets: [], memory: [], gpus: [], real: false }))
        .filter(([k]) => !k.startsWith(`${SC}.hardware.`)),
    );
  }
  const failed = failedSections(file);
  const bracketed = (s: string) => s.replace(".", "[") + "]";
  const has = (s: string) => {
    const [extractor, section] = s.split(".") as [string, string];
    return file.results[extractor]?.sections[section] !== undefined && !failed.has(bracketed(s));
  };
  return {
    get: (key) => attrs[key],
    unknown(key) {
      const sources = sourcesOf(key);
      if (!sources) return notDescribed(key);
      if (key in attrs || sources.some(has)) return undefined;
      const broken = sources.map(bracketed).find((s) => failed.has(s));
      if (broken !== undefined) return failedSectionNote(broken, failed.get(broken)!);
      return `the node file has no ${sources.map(bracketed).join(" or ")} section`;
    },
  };
}

/** The node attributes of a graph's node vertex. */
export function graphAttributes(attributes: Readonly<Record<string, string>>): NodeAttributes {
  return {
    get: (key) => attributes[key],
    unknown: (key) => (sourcesOf(key) ? `the graph does not say (the node has no ${key} attribute)` : notDescribed(key)),
  };
}

/** The NFD features a node file holds for `req`. */
export function nodeFileFeatures(file: NodeFile, req: Requirements): NodeFeatures {
  const failed = failedSections(file);
  let sections = file.results.nfd?.sections;
  if (failed.size > 0 && sections) {
    // A section extract could not read is empty, not a node without the features: leave it out.
    sections = Object.fromEntries(Object.entries(sections).filter(([s]) => !failed.has(sectionName("nfd", s))));
  }
  return featuresFromSections(sections, req.features, (source) => {
    const error = failed.get(sectionName("nfd", source));
    return error === undefined ? `the node file has no nfd[${source}] section` : failedSectionNote(sectionName("nfd", source), error);
  });
}

/** Options for checking a node. */
export interface NodeCheckOptions {
  /** `--tags`: only sets with these tags (NFD artifacts). */
  tags?: readonly string[];
}

/** Evaluate `artifact` on a node file. */
export function checkNodeFile(artifact: Artifact, req: Requirements, file: NodeFile, hostname: string, opts: NodeCheckOptions = {}): NodeVerdict {
  if (artifact.kind === "compspec") return evaluateAttributes(artifact, hostname, nodeFileAttributes(file, hostname));
  return evaluateNfd(artifact, hostname, nodeFileFeatures(file, req), opts).verdict;
}

/** Evaluate an NFD artifact on a node file, with NFD's own per-rule results (for `--output-json`). */
export function nfdStatusOfNodeFile(
  artifact: Artifact & { kind: "nfd" },
  req: Requirements,
  file: NodeFile,
  hostname: string,
  opts: NodeCheckOptions = {},
): NfdEvaluation {
  return evaluateNfd(artifact, hostname, nodeFileFeatures(file, req), { ...opts, nfdStatus: true });
}

/** Evaluate `artifact` on a graph's node (its attributes, with `--labels` features if the graph has them). */
export function checkGraphNode(
  artifact: Artifact,
  req: Requirements,
  hostname: string,
  attributes: Readonly<Record<string, string>>,
  opts: NodeCheckOptions = {},
): NodeVerdict {
  if (artifact.kind === "compspec") return evaluateAttributes(artifact, hostname, graphAttributes(attributes));
  return evaluateNfd(artifact, hostname, featuresFromLabels(attributes, req.features), opts).verdict;
}
