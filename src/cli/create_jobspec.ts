/**
 * `compspec create jobspec`: a rainbow jobspec (jobspec-go nextgen v1) whose
 * `requires` are an image's compatibility requirements, over the subsystems
 * `create subsystem` writes. What rainbow cannot evaluate is listed on stderr
 * (or, with `--strict`, refused). Everything is checked before anything is
 * written.
 *
 * @module
 */
import { requirementsOf } from "../compat/node_input.ts";
import { attributeRequirements } from "../rainbow/attribute_requirements.ts";
import { commandWords, CommandWordsError } from "../rainbow/command_words.ts";
import { jobspecYaml } from "../rainbow/jobspec.ts";
import { nfdRequirements } from "../rainbow/nfd_requirements.ts";
import { isPlainScalar } from "../rainbow/plain_scalar.ts";
import type { Translation } from "../rainbow/requirement.ts";
import { type ArtifactOrigin, NO_ARTIFACT_EXIT, readArtifactText } from "./artifact_source.ts";
import { compileArtifact } from "./check.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { graphAnswers, reportGraphAnswers } from "./jobspec_graphs.ts";
import { FORCE_OPTION, forceOf } from "./force_option.ts";
import { AtomicFile, checkOutput, info, usageError, warn, writeStdout } from "./output.ts";
import {
  ARTIFACT_LOOKUP_OPTIONS,
  ARTIFACT_LOOKUP_ORDER,
  LOOKUP_CHOICE_OPTIONS,
  lookupOptionsGiven,
  REGISTRY_HELP_BLOCK,
  REGISTRY_HELP_COLUMN,
} from "./registry_flags.ts";

/** The resource's name in the jobspec (the task names it). */
const RESOURCE = "compat";

/** `compspec create jobspec`, declared: options and help. */
export const CREATE_JOBSPEC = defineCommand({
  name: "create jobspec",
  options: {
    artifact: { type: "string", value: "FILE", help: ["a compatibility artifact (NFD v1alpha1 or compspec)"] },
    image: { type: "string", value: "REF", help: ["the artifact attached to an image, found as 'compspec", "check --image' does"] },
    command: {
      type: "string",
      value: '"CMD ARGS"',
      help: [
        "the task, split into words as a shell would (quotes",
        "and backslashes; no expansion). Every word must be a",
        "plain YAML scalar: a word such as 10, yes or a: b",
        "cannot be stored by rainbow; wrap it (sh -c 'sleep 10')",
      ],
    },
    nodes: { type: "string", value: "N", help: ["nodes (default 1)"] },
    "cores-per-node": { type: "string", value: "C", help: ["cores on each node (default 1)"] },
    "gpus-per-node": { type: "string", value: "G", help: ["GPUs on each node (default 0: none asked for)"] },
    tags: { type: "string", value: "TAG,...", help: ["only NFD compatibility sets with one of these tags"] },
    strict: { type: "boolean", help: ["refuse (exit 2, nothing written) when any requirement", "cannot be evaluated by rainbow"] },
    graph: {
      type: "string",
      multiple: true,
      value: "FILE",
      help: [
        "a cluster graph from 'compspec create nodes --labels';",
        "repeat for several: say for each cluster whether",
        "rainbow will accept the jobspec and whether a node",
        "can truly run the image (warns where they differ)",
      ],
    },
    out: { type: "string", short: "o", value: "FILE", help: ["write the jobspec to FILE atomically (default: stdout)"] },
    ...FORCE_OPTION,
    ...ARTIFACT_LOOKUP_OPTIONS,
  },
  help: [
    `Usage: compspec create jobspec (--artifact FILE | --image REF [registry options])
                              --command "CMD ARGS" [--nodes N] [--cores-per-node C]
                              [--gpus-per-node G] [--tags TAG,...] [--strict]
                              [--graph CLUSTER.json ...] [-o|--out FILE] [--force]`,
    `Write a rainbow jobspec (jobspec-go nextgen v1, as rainbow @075ee23 reads it)
that runs CMD on N nodes and whose 'requires' are the image's compatibility
requirements, on the subsystems 'compspec create subsystem' writes. Exact facts
become 'match', version comparisons 'min'/'max' (MAJOR.MINOR.PATCH, inclusive),
an archspec target "this target or newer" (the target among the node's target
and ancestors). One compatibility set is used: the best-weighted (with --tags,
among the sets with those tags). Every requirement rainbow cannot evaluate
(a regular expression, NotIn, DoesNotExist, In with several values, matchAny
alternatives, rules over PCI or USB devices, a second requirement on one
subsystem …) is listed on stderr and left out. See docs/rainbow.md.`,
    {
      title: "Options",
      options: ["artifact", "image", "command", "nodes", "cores-per-node", "gpus-per-node", "tags", "strict", "graph", "out", "force", "help"],
      column: 27,
    },
    `Exit status: 0 written; 2 usage error, a bad artifact or graph, nothing rainbow
can check, or (--strict) a requirement rainbow cannot evaluate; ${NO_ARTIFACT_EXIT} --image
found no artifact.`,
    `With --image: ${ARTIFACT_LOOKUP_ORDER.replace(/^Where it looks/, "where it looks")}`,
    { title: "Image options", options: Object.keys(LOOKUP_CHOICE_OPTIONS), column: REGISTRY_HELP_COLUMN },
    REGISTRY_HELP_BLOCK,
    `Examples:
  compspec create jobspec --image registry.example.org/hpc/lammps:2024 \\
      --command "lmp -in in.lj" --nodes 2 --cores-per-node 8 --out jobspec.yaml
  rainbow submit --config-path rainbow-config.yaml --jobspec jobspec.yaml`,
  ],
});

/** A positive whole number option. */
function count(value: string | undefined, option: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min) {
    throw usageError(`create jobspec: ${option} ${JSON.stringify(value)} is not a whole number${min > 0 ? ` of at least ${min}` : ""}`);
  }
  return Number(value);
}

/** The task's words, each safe for rainbow (exit 2 naming the first that is not). */
function taskWords(text: string): string[] {
  let words: string[];
  try {
    words = commandWords(text);
  } catch (e) {
    if (e instanceof CommandWordsError) throw usageError(`create jobspec: --command ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
  if (words.length === 0) throw usageError("create jobspec: --command is empty");
  for (const w of words) {
    if (!isPlainScalar(w)) {
      throw usageError(
        `create jobspec: --command word ${JSON.stringify(w)} is not a plain YAML scalar (YAML would quote it), and rainbow's ` +
          `server cannot store a jobspec with one; write the command so that each word is letters first ` +
          `(sh -c 'sleep 10' is the words sh, -c and "sleep 10")`,
      );
    }
  }
  return words;
}

/** Run `compspec create jobspec`. */
export async function createJobspecCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(CREATE_JOBSPEC, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const see = " (see 'compspec create jobspec --help')";
  if (values.artifact !== undefined && values.image !== undefined) throw usageError("create jobspec: --artifact and --image both name the artifact: give one");
  const stray = values.image === undefined ? lookupOptionsGiven(values) : [];
  if (stray.length > 0) throw usageError(`create jobspec: ${stray.join(", ")} ${stray.length === 1 ? "applies" : "apply"} to --image`);
  if (values.artifact === undefined && values.image === undefined) throw usageError(`create jobspec: --artifact FILE or --image REF is required${see}`);
  if (values.command === undefined) throw usageError(`create jobspec: --command "CMD ARGS" is required${see}`);
  const command = taskWords(values.command);
  const job = {
    nodes: count(values.nodes, "--nodes", 1, 1),
    cores: count(values["cores-per-node"], "--cores-per-node", 1, 1),
    gpus: count(values["gpus-per-node"], "--gpus-per-node", 0, 0),
  };
  const tags = values.tags === undefined ? undefined : values.tags.split(",").map((t) => t.trim()).filter((t) => t !== "");
  if (tags !== undefined && tags.length === 0) throw usageError("create jobspec: --tags needs at least one tag");
  const force = forceOf(values);
  if (values.out !== undefined && values.out !== "-") checkOutput(values.out, { force, option: "--out" });

  const origin: ArtifactOrigin = values.image !== undefined ? { image: values.image, lookup: values } : { file: values.artifact! };
  const text = await readArtifactText(origin, "create jobspec");
  const artifact = await compileArtifact(text, "create jobspec");
  if (tags && artifact.kind !== "nfd") throw usageError(`create jobspec: --tags selects NFD compatibility sets; ${artifact.source} is a compspec attribute artifact`);
  if (tags && artifact.kind === "nfd" && !artifact.sets.some((s) => s.tag !== undefined && tags.includes(s.tag))) {
    const known = [...new Set(artifact.sets.flatMap((s) => s.tag === undefined ? [] : [s.tag]))];
    throw usageError(`create jobspec: no compatibility set of ${artifact.source} has tag ${tags.join(" or ")}${known.length > 0 ? `; its tags: ${known.join(", ")}` : "; it has no tags"}`);
  }
  const t: Translation = artifact.kind === "nfd" ? nfdRequirements(artifact, tags) : attributeRequirements(artifact);

  for (const u of t.unchecked) warn(`rainbow cannot check ${u.what}: ${u.why}`);
  if (t.requires.length === 0) {
    throw usageError(`create jobspec: ${artifact.source} has no requirement rainbow can check; nothing written ('compspec check' gives the exact answer)`);
  }
  if (values.strict && t.unchecked.length > 0) {
    throw usageError(`create jobspec: --strict: rainbow cannot check ${t.unchecked.length} of the requirements (above); nothing written`);
  }
  if (t.chosen !== undefined) info(`compspec: requirements of ${t.chosen}${text.found ? ` (artifact from ${text.found})` : ""}`);
  const yaml = jobspecYaml({ resource: RESOURCE, nodes: job.nodes, cores: job.cores, gpus: job.gpus, requires: t.requires, command });

  if (values.graph !== undefined) {
    const answers = graphAnswers(values.graph, artifact, requirementsOf(artifact), { ...job, requires: t.requires }, tags);
    reportGraphAnswers(answers, job.nodes);
  }
  if (values.out === undefined || values.out === "-") {
    writeStdout(yaml);
  } else {
    const file = new AtomicFile(values.out, { force });
    file.write(yaml);
    file.commit();
  }
  return 0;
}
