/**
 * `compspec create state`: the cluster state file rainbow's `update state`
 * sends (see src/graph/rainbow_state.ts), from the same node folder as
 * `create nodes`, plus the site's own numbers.
 *
 * @module
 */
import * as v from "valibot";
import { clusterState, StateKeySchema, StateNumberSchema } from "../graph/rainbow_state.ts";
import { nodeRecord } from "../node/record.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { loadNodeDir } from "./node_dir.ts";
import { FORCE_OPTION, forceOf } from "./force_option.ts";
import { checkOutput, usageError, writeResult } from "./output.ts";

/** `compspec create state`, declared: options and help. */
export const CREATE_STATE = defineCommand({
  name: "create state",
  options: {
    "node-dir": { type: "string", value: "DIR", required: true, help: ["folder of node files, as for 'create nodes'"] },
    set: { type: "string", multiple: true, value: "KEY=VALUE", help: ["a site value, e.g. cost_per_node_hour=3, nodes_free=20", "(repeatable). KEY: letters, digits and _, not starting", "with a digit (rainbow's expressions read it as a", "variable), each KEY once; VALUE: a finite number", "(rainbow's min()/max() take numbers only)"] },
    out: { type: "string", short: "o", value: "FILE", help: ["write to FILE atomically (default: stdout); an existing", "FILE is an error unless --force"] },
    ...FORCE_OPTION,
    "allow-fail": { type: "boolean", help: ["skip bad node files with a warning"] },
  },
  help: [
    `Usage: compspec create state --node-dir DIR [--set KEY=VALUE]... [-o|--out FILE]
                            [--force] [--allow-fail]`,
    `Write the cluster state that 'rainbow update state --state-file FILE' sends: a flat
JSON object of numbers that rainbow's constraint selection can use in its
filter, calc and sort steps. From the node files:
  nodes            how many nodes
  cores_per_node   cores of the smallest node (a mixed folder: the minimum per
  gpus_per_node    node, so a job sized by them fits on any node)
  memory_per_node  memory of the smallest node, whole GiB (rounded down)
  total_cores, total_gpus, total_memory (GiB)   the sums over all nodes
(the memory keys are left out when a node's memory is unknown)
then every --set, in order (it may replace a value above).`,
    { title: "Options", options: ["node-dir", "set", "out", "force", "allow-fail", "help"], column: 28 },
    `Example:
  compspec create state --node-dir /shared/cluster/ --set cost_per_node_hour=3 \\
      --set nodes_free=20 --out state.json
  rainbow update state --state-file state.json --config-path rainbow-config.yaml`,
  ],
});

/** The `--set` values as (key, number) pairs, in order; a usage error (exit 2) names the first bad one. */
export function parseSets(sets: readonly string[]): [string, number][] {
  const seen = new Set<string>();
  return sets.map((set) => {
    const eq = set.indexOf("=");
    if (eq < 0) throw usageError(`create state: --set ${JSON.stringify(set)}: expected KEY=VALUE`);
    const key = set.slice(0, eq);
    const keyCheck = v.safeParse(StateKeySchema, key);
    if (!keyCheck.success) throw usageError(`create state: --set ${JSON.stringify(set)}: ${keyCheck.issues[0].message}`);
    if (seen.has(key)) throw usageError(`create state: --set ${key} is given twice`);
    seen.add(key);
    const value = v.safeParse(StateNumberSchema, set.slice(eq + 1));
    if (!value.success) throw usageError(`create state: --set ${JSON.stringify(set)}: ${value.issues[0].message}`);
    return [key, value.output];
  });
}

/** Run `compspec create state`. */
export function createStateCommand(argv: string[]): number {
  const parsed = parseCommand(CREATE_STATE, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const dir = values["node-dir"];
  const site = parseSets(values.set ?? []);
  const force = forceOf(values);
  const out = values.out;
  const target = out === undefined ? undefined : checkOutput(out, { force, option: "--out" });
  const records = loadNodeDir(dir, nodeRecord, {
    allowFail: values["allow-fail"] ?? false,
    exclude: target === undefined ? [] : [out!, target.path],
  });
  const text = JSON.stringify(clusterState(records, site), null, 2) + "\n";
  writeResult(out, text, force);
  return 0;
}
