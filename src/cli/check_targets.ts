/**
 * What `check` evaluates an artifact on, read from where the user points:
 * this machine or a saved root (extracting only the sections the artifact
 * needs, in-process), one node file, a folder of node files (each reduced to
 * its verdict as it is read), or the clusters of graph files. The readers of
 * files are loaded only for those targets: a check of this machine is a cold
 * process's whole run, and the node-file schema costs it time to build.
 *
 * @module
 */
import * as nodePath from "node:path";
import type { Artifact } from "../compat/artifact.ts";
import { checkGraphNode, checkNodeFile, type NodeCheckOptions, type Requirements } from "../compat/node_input.ts";
import type { TargetVerdicts } from "../compat/summary.ts";
import { detectHostname } from "../host/identity.ts";
import { openHost } from "../host/open_host.ts";
import { nodeName } from "../node/record.ts";
import type { NodeFile } from "../node/schema.ts";
import { extractSections } from "./extract_sections.ts";
import { CliError, warn } from "./output.ts";
import { errorMessage } from "../util/errors.ts";

/** A node file with the name it is checked under. */
export interface NamedNodeFile {
  hostname: string;
  file: NodeFile;
}


/**
 * Extract from this machine (`root` undefined) or a saved root exactly the
 * sections `req` needs, in-process. A section that cannot be read is left
 * out, with a warning, so what depends on it is reported as unknown.
 */
export async function extractNode(root: string | undefined, req: Requirements): Promise<NamedNodeFile> {
  let host;
  try {
    host = await openHost(root);
  } catch (e) {
    throw new CliError(errorMessage(e));
  }
  const { results, failures } = extractSections(host, req.extract);
  for (const f of failures) {
    warn(`${f.extractor}[${f.section}] cannot be read (${f.message}): what depends on it is unknown`);
    delete results[f.extractor]!.sections[f.section];
  }
  const hostname = detectHostname(host) ?? (root === undefined ? "localhost" : nodePath.basename(nodePath.resolve(root)));
  return { hostname, file: { results } };
}

/** Read one node file. Throws {@linkcode CliError} naming it when it cannot be used. */
export async function readOneNodeFile(path: string): Promise<NamedNodeFile> {
  const { MAX_NODE_FILE_BYTES, NodeFileError, ReadBuffer, readNodeFile } = await import("../node/read_node_file.ts");
  try {
    return readNodeFile(path, new ReadBuffer(), MAX_NODE_FILE_BYTES, (file, fallback) => ({ hostname: nodeName(file, fallback), file }));
  } catch (e) {
    if (e instanceof NodeFileError) throw new CliError(`--node-file ${path}: ${e.message}`);
    throw e;
  }
}

/** Verdicts for every node file of `dir`, each file reduced to its verdict as it is read. */
export async function nodeDirVerdicts(
  dir: string,
  artifact: Artifact,
  req: Requirements,
  opts: NodeCheckOptions & { allowFail: boolean },
): Promise<TargetVerdicts> {
  const { loadNodeDir } = await import("./node_dir.ts");
  const verdicts = loadNodeDir(dir, (file, fallback) => checkNodeFile(artifact, req, file, nodeName(file, fallback), opts), {
    allowFail: opts.allowFail,
  });
  return { name: dir, kind: "node-dir", source: dir, verdicts };
}

/** Verdicts for the nodes of every cluster in the graph file `path`, one target per cluster. */
export async function graphVerdicts(path: string, artifact: Artifact, req: Requirements, opts: NodeCheckOptions): Promise<TargetVerdicts[]> {
  const { loadGraphFile } = await import("./graph_file.ts");
  return loadGraphFile(path).map((cluster) => ({
    name: cluster.name,
    kind: "graph" as const,
    source: path,
    verdicts: cluster.nodes.map((n) => checkGraphNode(artifact, req, n.hostname, n.attributes, opts)),
  }));
}
