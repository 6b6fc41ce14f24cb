/**
 * `compspec artifact list`: every artifact attached to an image (like `oras
 * discover`), and which one `artifact pull` and `check --image` use.
 *
 * @module
 */
import type { AttachedArtifact, AttachedList } from "../registry/discover.ts";
import { parseReference } from "../registry/reference.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { ARTIFACT_LOOKUP_OPTIONS, REGISTRY_HELP_BLOCK, REGISTRY_HELP_COLUMN } from "./registry_flags.ts";
import { accessFromFlags, cliErrorOf } from "./registry_options.ts";
import { usageError, writeStdout } from "./output.ts";
import { escapeControl } from "../util/escape_control.ts";
import { maxOf } from "../util/array_ops.ts";

/** `compspec artifact list`, declared: options and help. */
export const ARTIFACT_LIST = defineCommand({
  name: "artifact list",
  options: {
    image: { type: "string", value: "REF", required: true, help: ["the image"] },
    json: {
      type: "boolean",
      help: ['the list as JSON: {"image", "artifacts": [{"artifactType",', '"digest", "size", "created"?, "where", "compatible", "chosen"}]}'],
    },
    ...ARTIFACT_LOOKUP_OPTIONS,
  },
  help: [
    `Usage: compspec artifact list --image REF [--json] [--platform OS/ARCH[/VARIANT]]
                              [--artifact-type TYPE]... [registry options]`,
    `Every artifact attached to an image, like 'oras discover': its referrers of
any type (through the registry's referrers API, else the referrers tag-schema
index; for a multi-arch image without --platform, the index's and this
machine's platform manifest's) and compspec-go's sibling tag <tag>-compspec.
For each: type, manifest digest, size, created, where it was found. '*' marks
the one 'artifact pull' and 'check --image' use: among the compatibility
referrers the newest org.opencontainers.image.created, then the lowest digest;
without one, the sibling tag. '-' marks one they do not consider (not a
compatibility type).`,
    { title: "Options", options: ["image", "json", "artifact-type", "platform", "help"], column: REGISTRY_HELP_COLUMN },
    REGISTRY_HELP_BLOCK,
    `Examples:
  compspec artifact list --image registry.example.org/app:1.0
  compspec artifact list --plain-http --image 127.0.0.1:5000/lammps:intel-mpi --json`,
  ],
});

/** Run `compspec artifact list`. */
export async function artifactListCommand(argv: string[]): Promise<number> {
  const command = ARTIFACT_LIST.name;
  const parsed = parseCommand(ARTIFACT_LIST, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  try {
    const { listAttached } = await import("../registry/discover.ts");
    const list = await listAttached(parseReference(values.image), accessFromFlags(command, values, values["artifact-type"]));
    writeStdout(values.json ? `${JSON.stringify(list, null, 2)}\n` : attachedText(list));
    return 0;
  } catch (e) {
    throw cliErrorOf(e, command);
  }
}


/** The list as text: the image, then one aligned row per artifact, marked `*` (used) or `-` (not a compatibility type). */
export function attachedText(list: AttachedList): string {
  const head = `${escapeControl(list.image)}\n`;
  if (list.artifacts.length === 0) return `${head}  no artifacts attached\n`;
  const rows = [["", "TYPE", "DIGEST", "SIZE", "CREATED", "WHERE"], ...list.artifacts.map(row)];
  const widths = rows[0]!.map((_, i) => maxOf(rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd());
  const chosen = list.artifacts.filter((a) => a.chosen).length;
  const foot = chosen === 0 ? "  no compatibility artifact among them\n" : "";
  return `${head}${lines.map((l) => `  ${l}\n`).join("")}${foot}`;
}

function row(a: AttachedArtifact): string[] {
  return [a.chosen ? "*" : a.compatible ? "" : "-", escapeControl(a.artifactType), a.digest, String(a.size), escapeControl(a.created ?? "-"), escapeControl(a.where)];
}
