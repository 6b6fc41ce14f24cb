/**
 * The SVG view: one drawing per group of identical nodes, in the spirit of
 * lstopo's pictures — the machine holds its packages, a package its NUMA
 * nodes (with their memory), a NUMA node its cores, a core its hardware
 * threads (PUs, by the kernel's CPU number); GPUs sit beside their package.
 * Each drawing is labelled with the group's node count and hostlist.
 *
 * One self-contained file: no scripts, no external fonts or images (system
 * sans-serif fonts), sized in pixels so that text is readable at 100 % for a
 * 128-PU node. The picture grows with the number of groups, never with the
 * number of nodes: at most {@linkcode MAX_DRAWN_GROUPS} are drawn, the rest
 * are listed in one line each, and long hostlists are cut. Pure.
 *
 * @module
 */
import { type ClusterDescription, type NodeGroup } from "./groups.ts";
import { decodeLayout } from "./layout.ts";
import { formatMemory } from "./memory.ts";
import { countOf, withCommas } from "../util/plural.ts";
import { cpuLine, header as headerLine, outlierText, totalsLine } from "./text.ts";
import { maxOf } from "../util/array_ops.ts";

/** Groups drawn in full; further groups get one line each. */
export const MAX_DRAWN_GROUPS = 16;
/** Groups listed after the drawn ones, at most. */
const MAX_LISTED_GROUPS = 200;
/** Longest hostlist shown in a label. */
const MAX_LABEL_CHARS = 160;

/** lstopo's palette. */
const COLORS = {
  machine: "#ffffff",
  package: "#dedede",
  numa: "#efdfde",
  core: "#bebebe",
  pu: "#ffffff",
  gpu: "#dff0d8",
  panel: "#f7f7f7",
  border: "#000000",
  text: "#000000",
  muted: "#444444",
};

const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/** A box to draw: a label (lines of text), a fill, and children laid out left to right, wrapping. */
interface Box {
  label: string[];
  /** Font size of the label. */
  size: number;
  bold?: boolean;
  fill?: string;
  children: Box[];
  /** Widest a row of children may be before wrapping. */
  rowWidth: number;
  pad: number;
  gap: number;
  /** Narrowest the box may be (so that PUs line up in a grid). */
  minW?: number;
  /** Computed. */
  w: number;
  h: number;
}

function box(label: string[], size: number, fill: string | undefined, children: Box[] = [], rowWidth = Infinity, pad = 4, gap = 4): Box {
  return { label, size, fill, children, rowWidth, pad, gap, w: 0, h: 0 };
}

/** An estimate of the width of `text` in a sans-serif font of `size` px (no font metrics in a pure module). */
function textWidth(text: string, size: number, bold = false): number {
  return Math.ceil(text.length * size * (bold ? 0.7 : 0.65));
}

function lineHeight(size: number): number {
  return Math.ceil(size * 1.3);
}

/** The label's height, with its margin below. */
function labelHeight(b: Box): number {
  return b.label.length === 0 ? 0 : b.label.length * lineHeight(b.size) + 2;
}

/** Rows of children under a maximum row width. */
function rowsOf(b: Box): Box[][] {
  const rows: Box[][] = [];
  let row: Box[] = [];
  let width = 0;
  for (const c of b.children) {
    const add = (row.length === 0 ? 0 : b.gap) + c.w;
    if (row.length > 0 && width + add > b.rowWidth) {
      rows.push(row);
      row = [];
      width = 0;
    }
    width += row.length === 0 ? c.w : b.gap + c.w;
    row.push(c);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Compute sizes bottom-up. */
function measure(b: Box): void {
  for (const c of b.children) measure(c);
  const labelW = maxOf(b.label.map((l) => textWidth(l, b.size, b.bold)), 0);
  let w = labelW;
  let h = labelHeight(b);
  const rows = rowsOf(b);
  rows.forEach((row, i) => {
    w = Math.max(w, row.reduce((s, c, k) => s + c.w + (k === 0 ? 0 : b.gap), 0));
    h += maxOf(row.map((c) => c.h)) + (i === 0 ? 0 : b.gap);
  });
  b.w = Math.max(w + 2 * b.pad, b.minW ?? 0);
  b.h = h + 2 * b.pad;
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Draw `b` at (x, y) into `out`. */
function draw(b: Box, x: number, y: number, out: string[]): void {
  if (b.fill !== undefined) {
    out.push(`<rect x="${x}" y="${y}" width="${b.w}" height="${b.h}" fill="${b.fill}" stroke="${COLORS.border}" stroke-width="1"/>`);
  }
  const lh = lineHeight(b.size);
  b.label.forEach((line, i) => {
    const weight = b.bold && i === 0 ? ` font-weight="bold"` : "";
    out.push(`<text x="${x + b.pad}" y="${y + b.pad + (i + 1) * lh - Math.ceil(b.size * 0.3)}" font-size="${b.size}"${weight}>${esc(line)}</text>`);
  });
  let cy = y + b.pad + labelHeight(b);
  for (const row of rowsOf(b)) {
    let cx = x + b.pad;
    for (const c of row) {
      draw(c, cx, cy, out);
      cx += c.w + b.gap;
    }
    cy += maxOf(row.map((c) => c.h)) + b.gap;
  }
}

function cut(text: string, max = MAX_LABEL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}


/** The drawing of one group: its representative (first) node's topology. */
function groupBox(g: NodeGroup, width: number): Box {
  const node = g.nodes[0]!;
  const layout = decodeLayout(node.layout);
  const numaKib = new Map(node.numa.map((n) => [n.id, n.kib]));
  let coreIndex = 0;
  let puIndex = 0;
  // Every PU box as wide as the widest label, so that cores line up in columns.
  const maxCpu = maxOf(layout.flatMap((s) => s.flatMap((d) => d.cores.flat())), 0);
  const puWidth = textWidth(node.cpuIds ? `P#${maxCpu}` : `L#${maxCpu}`, 9) + 6;
  const packages = layout.map((socket, s) => {
    const domains = socket.map((d) => {
      const cores = d.cores.map((pus) => {
        const puBoxes = pus.map((cpu) => {
          const pu = box([node.cpuIds ? `P#${cpu}` : `L#${puIndex++}`], 9, COLORS.pu, [], Infinity, 3);
          pu.minW = puWidth;
          return pu;
        });
        return box([`Core L#${coreIndex++}`], 9, COLORS.core, puBoxes, Infinity, 3, 3);
      });
      // Cores in a grid of up to 8 columns, as lstopo lays out a wide package.
      for (const c of cores) measure(c);
      const coreWidth = maxOf(cores.map((c) => c.w), 0);
      for (const c of cores) c.minW = coreWidth;
      const perRow = Math.min(8, Math.max(1, cores.length));
      const rowWidth = perRow * coreWidth + (perRow - 1) * 4;
      // Cores whose NUMA node is unknown (compspec-go's files) sit in the package, in no NUMA box.
      if (d.numa < 0) return box([], 10, undefined, cores, rowWidth, 0, 4);
      const kib = numaKib.get(d.numa);
      return box([`NUMANode P#${d.numa}${kib === undefined ? "" : ` (${formatMemory(kib)})`}`], 10, COLORS.numa, cores, rowWidth, 4, 4);
    });
    const gpus = node.gpus.filter((g) => g.socket === s);
    const pkg = box([`Package L#${s}`], 11, COLORS.package, domains, 1500, 5, 6);
    pkg.bold = true;
    return gpus.length === 0 ? pkg : box([], 10, undefined, [pkg, gpuColumn(node, gpus)], Infinity, 0, 6);
  });
  const memoryOnly = node.numa.filter((n) => !layout.some((s) => s.some((d) => d.numa === n.id)));
  const extras: Box[] = memoryOnly.map((n) => box([`NUMANode P#${n.id} (${formatMemory(n.kib)})`, "no CPUs"], 10, COLORS.numa));
  const loose = node.gpus.filter((g) => g.socket < 0 || g.socket >= layout.length);
  if (loose.length > 0) extras.push(gpuColumn(node, loose));
  const machineLabel = `Machine (${g.memoryKib > 0 ? formatMemory(g.memoryKib) : "memory unknown"})`;
  const machine = box([machineLabel], 11, COLORS.machine, [...packages, ...extras], width - 40, 6, 8);
  machine.bold = true;
  const title = box(
    [
      `${cut(g.hostlist)} — ${countOf(g.nodes.length, "node")}`,
      cut(`${cpuLine(g)} · ${g.labels.cpus}`, 200),
      cut(`${g.labels.numa} · ${g.labels.memory} · GPUs: ${g.labels.gpus} · ${g.labels.os} · MPI: ${g.labels.mpi}`, 200),
    ],
    12,
    undefined,
  );
  title.bold = true;
  return box([], 12, COLORS.panel, [title, machine], 1, 10, 6);
}

function gpuColumn(node: NodeGroup["nodes"][number], gpus: NodeGroup["nodes"][number]["gpus"]): Box {
  const boxes = gpus.map((g) => {
    const index = node.gpus.indexOf(g);
    return box([`GPU ${index}`, g.model, ...(g.pci ? [`PCI ${g.pci}`] : [])], 10, COLORS.gpu);
  });
  return box([], 10, undefined, boxes, 1, 0, 6);
}

/** The SVG document. `source` says where the nodes came from. */
export function describeSvg(d: ClusterDescription, source?: string): string {
  const width = 1800;
  const header = box(
    [
      headerLine(d, source === undefined ? undefined : cut(source, 120)),
      `total: ${totalsLine(d)}`,
    ],
    14,
    undefined,
  );
  header.bold = true;
  const children: Box[] = [header];
  d.groups.slice(0, MAX_DRAWN_GROUPS).forEach((g) => children.push(groupBox(g, width)));
  const rest = d.groups.slice(MAX_DRAWN_GROUPS);
  if (rest.length > 0) {
    const lines = rest.slice(0, MAX_LISTED_GROUPS).map((g) =>
      cut(`${cut(g.hostlist, 80)} (${countOf(g.nodes.length, "node")}): ${g.labels.cpus}, ${g.labels.memory}, GPUs ${g.labels.gpus}`, 200)
    );
    if (rest.length > MAX_LISTED_GROUPS) lines.push(`… and ${withCommas(rest.length - MAX_LISTED_GROUPS)} more groups`);
    children.push(box([`${countOf(rest.length, "more group")}, not drawn:`, ...lines], 11, COLORS.panel));
  }
  if (d.outliers.length > 0) {
    const lines = d.outliers.slice(0, MAX_LISTED_GROUPS).map((o) => cut(`${cut(d.groups[o.group]!.hostlist, 80)}: ${outlierText(d, o)}`, 220));
    if (d.outliers.length > MAX_LISTED_GROUPS) lines.push(`… and ${withCommas(d.outliers.length - MAX_LISTED_GROUPS)} more`);
    const o = box(["Outliers (differ from a larger group in one value only)", ...lines], 11, "#fff4e0");
    o.bold = true;
    children.push(o);
  }
  const page = box([], 12, undefined, children, 1, 12, 14);
  measure(page);
  const out: string[] = [];
  draw(page, 0, 0, out);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${page.w}" height="${page.h}" viewBox="0 0 ${page.w} ${page.h}" font-family="${FONT}" fill="${COLORS.text}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...out,
    `</svg>`,
    "",
  ].join("\n");
}
