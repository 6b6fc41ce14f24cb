/**
 * The node file: what `compspec extract` writes and `compspec create nodes`
 * reads. Types are inferred from these valibot schemas; the published JSON
 * Schema (`schema/node-file.schema.json`) is generated from them.
 *
 * Format (compspec-go compatible):
 * `{"results": {"<extractor>": {"sections": {"<section>": {"<key>": "<string>"}}}}}`
 * plus an optional `compspec` block that compspec-go ignores.
 *
 * @module
 */
import * as v from "valibot";

/** One section: flat string keys to string values. */
export const SectionSchema = v.record(v.string(), v.string());

/** One extractor's result. */
export const ExtractorResultSchema = v.object({
  sections: v.record(v.string(), SectionSchema),
});

/** All extractors' results, keyed by extractor name. */
export const ResultsSchema = v.record(v.string(), ExtractorResultSchema);

/** How a failed section is named: `extractor[section]`, as `--name` spells it (`nfd[pci]`). */
export const FAILED_SECTION_NAME = /^[^[\]]+\[[^[\]]+\]$/;

/** A section `extract --allow-fail` could not read (and left empty), and why. */
export const FailedSectionSchema = v.strictObject({
  /** `extractor[section]`, as `--name` spells it (`nfd[pci]`). */
  section: v.pipe(v.string(), v.regex(FAILED_SECTION_NAME, "a section is written extractor[section], like nfd[pci]")),
  /** The error that made it fail (`/sys/bus/pci/devices: cannot read …`). */
  error: v.string(),
});

/** Who wrote the file and for which host (absent in compspec-go's files). */
export const ProducerSchema = v.object({
  /** compspec version that wrote the file. */
  version: v.string(),
  /** The node's hostname (the graph names the node by it). */
  hostname: v.string(),
  /**
   * Sections that could not be read (`extract --allow-fail`): they are empty in
   * `results` because nothing could be read, not because the node has nothing
   * there. Absent when every section was read (and in older files).
   */
  failed: v.optional(v.array(FailedSectionSchema)),
});

/** A node file as compspec writes it. */
export const NodeFileSchema = v.object({
  compspec: v.optional(ProducerSchema),
  results: ResultsSchema,
});

/** A node file as compspec reads it: ours, or compspec-go's older `extractors` top key. */
export const AnyNodeFileSchema = v.union([
  NodeFileSchema,
  v.pipe(
    v.object({ extractors: ResultsSchema }),
    v.transform((f): v.InferOutput<typeof NodeFileSchema> => ({ results: f.extractors })),
  ),
]);

/** A node file. */
export type NodeFile = v.InferOutput<typeof NodeFileSchema>;
/** One extractor's result. */
export type ExtractorResult = v.InferOutput<typeof ExtractorResultSchema>;
/** One section. */
export type SectionData = v.InferOutput<typeof SectionSchema>;
