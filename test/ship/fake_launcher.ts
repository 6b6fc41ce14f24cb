/**
 * FAKE cluster launchers for the deploy-recipe tests: `srun`, `flux`, `pdsh` and
 * `clush` stand-ins that run the command once per "node", locally, each in its own
 * UTS namespace with its own hostname (so `compspec extract --out DIR/` names each
 * file after its node, as on a real cluster). They understand only the options
 * the recipes in docs/deploy.md use, and refuse anything else, so a recipe that
 * drifts from what the real tools accept is caught at least in shape.
 *
 *   bun test/ship/fake_launcher.ts srun  -N 4 [--ntasks-per-node=1] CMD...
 *   bun test/ship/fake_launcher.ts flux  run -N 4 CMD...
 *   bun test/ship/fake_launcher.ts flux  exec -r all CMD...   (every "broker": FAKE_FLUX_SIZE of them)
 *   bun test/ship/fake_launcher.ts flux  getattr size          (prints FAKE_FLUX_SIZE, default 64)
 *   bun test/ship/fake_launcher.ts pdsh  -w 'node[01-04]' CMD...
 *   bun test/ship/fake_launcher.ts clush -w 'node[01-04]' CMD...
 *
 * Needs root (unshare --uts). Exit status: the highest of the tasks', like srun.
 */
import { spawn } from "node:child_process";

/** Expand a host list: `node[01-04,7],login1` → node01 … node04, node7, login1. */
export function expandHostlist(list: string): string[] {
  const out: string[] = [];
  for (const part of list.match(/[^,[]+(\[[^\]]*\])?[^,]*/g) ?? []) {
    const m = /^([^[]*)\[([^\]]*)\](.*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    const [, prefix, ranges, suffix] = m;
    for (const r of ranges!.split(",")) {
      const [lo, hi] = r.split("-");
      if (hi === undefined) {
        out.push(`${prefix}${lo}${suffix}`);
        continue;
      }
      const width = lo!.length;
      for (let i = Number(lo); i <= Number(hi); i++) out.push(`${prefix}${String(i).padStart(width, "0")}${suffix}`);
    }
  }
  return out;
}

function fail(message: string): never {
  console.error(`fake launcher: ${message}`);
  process.exit(2);
}

/** The size of the fake Flux instance (`flux getattr size`, `flux exec -r all`). */
export function fakeFluxSize(): number {
  return Number(process.env.FAKE_FLUX_SIZE ?? 64);
}

/** Nodes and command from a launcher's arguments. */
export function parseLauncher(tool: string, args: string[]): { nodes: string[]; command: string[] } {
  const rest = [...args];
  let sub: string | undefined;
  if (tool === "flux") {
    sub = rest.shift();
    if (sub !== "run" && sub !== "exec") fail("flux: only 'flux run' and 'flux exec' are faked");
  }
  let count: number | undefined;
  let hosts: string[] | undefined;
  while (rest.length > 0 && rest[0]!.startsWith("-")) {
    const opt = rest.shift()!;
    if (sub === "exec") {
      if (opt === "-r" && rest.shift() === "all") count = fakeFluxSize();
      else fail("flux exec: only '-r all' is faked");
    } else if ((tool === "srun" || tool === "flux") && (opt === "-N" || opt === "--nodes")) count = Number(rest.shift());
    else if ((tool === "srun" || tool === "flux") && /^--nodes=\d+$/.test(opt)) count = Number(opt.split("=")[1]);
    else if (tool === "srun" && opt === "--ntasks-per-node=1") continue;
    else if ((tool === "pdsh" || tool === "clush") && opt === "-w") hosts = expandHostlist(rest.shift() ?? "");
    else fail(`${tool}: option ${opt} is not faked`);
  }
  if (rest.length === 0) fail(`${tool}: no command`);
  if (hosts === undefined) {
    if (count === undefined || !Number.isInteger(count) || count < 1) fail(`${tool}: needs -N <count>`);
    hosts = Array.from({ length: count }, (_, i) => `node${String(i + 1).padStart(2, "0")}`);
  }
  return { nodes: hosts, command: rest };
}

async function main(): Promise<void> {
  const [tool, ...args] = process.argv.slice(2);
  if (!tool || !["srun", "flux", "pdsh", "clush"].includes(tool)) fail(`unknown tool ${tool}`);
  if (tool === "flux" && args[0] === "getattr") {
    if (args[1] !== "size") fail("flux getattr: only 'size' is faked");
    console.log(fakeFluxSize());
    process.exit(0);
  }
  const { nodes, command } = parseLauncher(tool, args);
  const statuses = await Promise.all(nodes.map((node, rank) =>
    new Promise<number>((resolve) => {
      // A new UTS namespace per task: set its hostname, then exec the command (no shell parsing of it).
      const child = spawn(
        "unshare",
        ["--uts", "--", "sh", "-c", 'printf %s "$0" > /proc/sys/kernel/hostname && exec "$@"', node, ...command],
        {
          stdio: "inherit",
          env: {
            ...process.env,
            SLURM_PROCID: String(rank),
            SLURM_NODEID: String(rank),
            SLURMD_NODENAME: node,
            SLURM_NNODES: String(nodes.length),
            FLUX_TASK_RANK: String(rank),
          },
        },
      );
      child.on("error", () => resolve(127));
      child.on("close", (code) => resolve(code ?? 128));
    })
  ));
  process.exit(Math.max(0, ...statuses));
}

if (import.meta.main) await main();
