/**
 * `create jobspec --graph G…`: for each cluster of each graph, what rainbow's
 * matcher would answer (the model of src/rainbow/matcher.ts over the
 * subsystems `create subsystem` makes of the same nodes) next to the exact
 * answer (`check`'s evaluator: can enough single nodes run the image?), and a
 * warning where they differ.
 *
 * @module
 */
import type { Artifact } from "../compat/artifact.ts";
import { checkGraphNode, type Requirements } from "../compat/node_input.ts";
import { modelVerdict, type ModelJob, recordSize } from "../rainbow/matcher.ts";
import { subsystemNodes } from "../rainbow/subsystem_jgf.ts";
import { loadGraphFile } from "./graph_file.ts";
import { CliError, info, warn } from "./output.ts";

/** One cluster's answers. */
export interface GraphAnswer {
  cluster: string;
  source: string;
  /** rainbow accepts it on every try. */
  accepted: boolean;
  /** rainbow may accept it on some tries (needs met by different nodes). */
  mayAccept: boolean;
  /** Nodes `check` says can run the image (and have the cores and GPUs). */
  canRun: number;
  /** Nodes `check` cannot tell about. */
  unknown: number;
}

/** Read every graph (exit 2 for a bad one) and answer for each cluster. */
export function graphAnswers(paths: readonly string[], artifact: Artifact, req: Requirements, job: ModelJob, tags?: string[]): GraphAnswer[] {
  const answers: GraphAnswer[] = [];
  for (const path of paths) {
    let clusters;
    try {
      clusters = loadGraphFile(path);
    } catch (e) {
      if (e instanceof CliError) throw new CliError(e.message, 2);
      throw e;
    }
    for (const c of clusters) {
      // In graph order (as rainbow walks them): sizes and verdicts from the same records as the facts.
      const nodes = subsystemNodes(c.name, c.nodes, { pus: false });
      const sizes = nodes.records.map(recordSize);
      const model = modelVerdict(job, {
        names: new Set(nodes.names),
        nodes: nodes.facts.map((facts, i) => ({ facts, ...sizes[i]! })),
      });
      let canRun = 0;
      let unknown = 0;
      nodes.records.forEach((n, i) => {
        const sized = sizes[i]!.cores >= job.cores && sizes[i]!.gpus >= job.gpus;
        const status = checkGraphNode(artifact, req, n.hostname, n.attributes, { tags }).status;
        if (sized && status === "pass") canRun++;
        else if (sized && status === "unknown") unknown++;
      });
      answers.push({ cluster: c.name, source: path, accepted: model.strict, mayAccept: model.leaky, canRun, unknown });
    }
  }
  return answers;
}

/** Say each answer on stderr, warning where rainbow and check disagree. */
export function reportGraphAnswers(answers: readonly GraphAnswer[], nodes: number): void {
  for (const a of answers) {
    const rainbow = a.accepted ? "rainbow accepts it" : a.mayAccept ? "rainbow may accept it (on some tries)" : "rainbow rejects it";
    const runs = a.canRun >= nodes
      ? `check: ${a.canRun} node${a.canRun === 1 ? "" : "s"} can run it`
      : `check: ${a.canRun} node${a.canRun === 1 ? "" : "s"} can run it, ${nodes} needed${a.unknown > 0 ? ` (${a.unknown} cannot be told)` : ""}`;
    info(`cluster ${a.cluster} (${a.source}): ${rainbow}; ${runs}`);
    const can = a.canRun >= nodes;
    if (a.mayAccept && !can) {
      warn(`cluster ${a.cluster}: rainbow ${a.accepted ? "accepts" : "may accept"} it, but ${nodes === 1 ? "no single node" : `fewer than ${nodes} nodes`} can run the image ` +
        `(its requirements are met by different nodes, or some cannot be checked by rainbow); 'compspec check --graph' is the exact answer`);
    } else if (!a.mayAccept && can) {
      warn(`cluster ${a.cluster}: rainbow rejects it, though ${a.canRun} node${a.canRun === 1 ? "" : "s"} can run the image (were its subsystems registered?)`);
    }
  }
}
