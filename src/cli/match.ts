/**
 * `compspec match`: compspec-go's command (same manifest, flags and result
 * lines) with its defects fixed: both compspec layer types are found,
 * `host:port/…` references work, `--cache` is read back (a warm cache needs no
 * network), results are sorted, messages go to stderr, registry errors name
 * the image, and schema graphs ship with compspec instead of being fetched.
 *
 * @module
 */
import { type FetchedArtifact, fetchArtifact, fetchTaggedArtifact } from "../registry/artifact.ts";
import { RegistryError } from "../registry/errors.ts";
import { COMPSPEC_LAYERS } from "../registry/media_types.ts";
import { type ImageReference, parseReference } from "../registry/reference.ts";
import type { RegistryAccess } from "../registry/access.ts";
import { type AttributeArtifact, DocumentError, parseArtifactBytes } from "../compat/mod.ts";
import { InputError, type ManifestImage, parseMatchManifest } from "../match/inputs.ts";
import { artifactLabels, checkSchemas, MatchError, selectImages, shuffle } from "../match/select.ts";
import { mapParallel } from "../util/map_parallel.ts";
import { readSmallFile, SmallFileError } from "../util/read_small_file.ts";
import { defineCommand, parseCommand } from "./command_definition.ts";
import { readCached, writeCached } from "./match_cache.ts";
import { REGISTRY_HELP_BLOCK, REGISTRY_OPTIONS, type RegistryFlagValues } from "./registry_flags.ts";
import { accessFromFlags, cliErrorOf } from "./registry_options.ts";
import { CliError, info, isDirectory, usageError, warn, writeStdout } from "./output.ts";

/** `compspec match`, declared: options and help. */
export const MATCH = defineCommand({
  name: "match",
  options: {
    in: { type: "string", short: "i", value: "MANIFEST.yaml", required: true, help: ["the manifest"] },
    match: {
      type: "string",
      short: "m",
      multiple: true,
      value: "KEY=VALUE",
      help: ["a label the image must hold (repeatable), e.g.", "org.supercontainers.hardware.gpu.available=yes"],
    },
    single: { type: "boolean", short: "s", help: ["print only the first match"] },
    randomize: { type: "boolean", short: "r", help: ["shuffle the matches (with --single: pick one at random)"] },
    "check-artifacts": { type: "boolean", short: "c", help: ["only fetch every artifact and report how many are missing"] },
    print: { type: "boolean", short: "p", help: ["print each image's labels (to stdout) before matching"] },
    "allow-fail": { type: "boolean", short: "f", help: ["an artifact that cannot be fetched is a warning, not an error"] },
    cache: {
      type: "string",
      value: "DIR",
      help: [
        "read artifacts from DIR (an existing folder) and write",
        "fetched ones there (named by sha256 of registry,",
        "repository and digest; checked when read back, a",
        "tampered copy is fetched again); with every",
        "artifact cached, no network is used",
      ],
    },
    registry: {
      type: "string",
      value: "HOST",
      help: ["the registry the credential flags are for (default:", "the first image's); other registries get their own", "docker config entry, or nothing"],
    },
    ...REGISTRY_OPTIONS,
  },
  help: [
    `Usage: compspec match --in MANIFEST.yaml [-m KEY=VALUE]... [--single] [--randomize]
                      [--check-artifacts] [--print] [--allow-fail] [--cache DIR]
                      [registry options]`,
    `compspec-go's 'match': fetch the compspec attribute artifact of each image in
MANIFEST.yaml and print the images whose attributes hold every KEY=VALUE.`,
    `MANIFEST.yaml (compspec-go's format):
  images:
    - name: registry.example.org/lammps:intel-mpi-rocky-9-amd64
      artifact: registry.example.org/lammps:intel-mpi-rocky-9-amd64-compspec
'artifact' may be left out: then the image's own artifact is looked up as
'compspec artifact pull' does (referrers, then the <tag>-compspec sibling tag).
A layer of type application/org.supercontainers.compspec or application/org.compspec
holds the artifact. An image whose artifact has neither is left out.`,
    `Matching: an image with attribute K = V in namespace N holds the label N.K.V;
'-m N.K=V' keeps the images holding it (exact, case-sensitive). Several -m
are ANDed. A label no image holds, or a -m that leaves no image, is an error
(exit 1). Without -m every image with an artifact matches. Matches are printed
sorted, one per line, after ' --- Found matches ---'.`,
    {
      title: "Options",
      options: ["in", "match", "single", "randomize", "check-artifacts", "print", "allow-fail", "cache", "registry", "help"],
      column: 28,
    },
    REGISTRY_HELP_BLOCK,
    `Examples:
  compspec match --in manifest.yaml -m org.supercontainers.hardware.gpu.available=yes
  compspec match --plain-http --in manifest.yaml --cache ./artifact-cache --single`,
  ],
});

/** Largest manifest file read. */
const MAX_MANIFEST_FILE = 16 * 1024 * 1024;
/** Artifacts fetched at once. */
const PARALLEL = 8;

/** The flag values {@linkcode credentialsRegistry} reads. */
type MatchFlagValues = RegistryFlagValues & { registry?: string };

interface Entry {
  image: string;
  /** Where its artifact is: the manifest's `artifact`, else the image itself. */
  artifactText: string;
  ref: ImageReference;
  /** Whether `ref` names the artifact (true) or the image (false). */
  direct: boolean;
}

/** Run `compspec match`. */
export async function matchCommand(argv: string[]): Promise<number> {
  const command = MATCH.name;
  const parsed = parseCommand(MATCH, argv);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const cache = values.cache;
  if (cache !== undefined && !isDirectory(cache)) throw usageError(`${command}: --cache ${cache}: not an existing folder`);
  const criteria = values.match ?? [];
  for (const c of criteria) {
    if (c.indexOf("=") <= 0) throw usageError(`${command}: --match ${JSON.stringify(c)}: expected key=value`);
  }
  try {
    const entries = await readManifest(values.in);
    const checkOnly = values["check-artifacts"] ?? false;
    const tolerant = checkOnly || (values["allow-fail"] ?? false);
    let access: RegistryAccess | undefined;
    // Credentials are read (from stdin) only when something must be fetched.
    // An image looked up without 'artifact:' only counts compspec attribute artifacts among its referrers.
    const credentialsHost = credentialsRegistry(command, values, entries);
    const getAccess = () => (access ??= accessFromFlags(command, values, [...COMPSPEC_LAYERS], credentialsHost));
    const artifacts = await mapParallel(entries, PARALLEL, (e) => loadArtifact(e, cache, getAccess, tolerant));
    const found = new Map<string, AttributeArtifact>();
    entries.forEach((e, i) => {
      const a = artifacts[i];
      if (a) found.set(e.image, a);
    });
    if (checkOnly) {
      writeStdout(`Checking artifacts complete. There were ${entries.length - found.size} artifacts missing.\n`);
      return 0;
    }
    for (const id of checkSchemas(found)) info(`Schema ${id} is being added to the graph`);
    const labels = new Map<string, string[]>();
    for (const e of entries) labels.set(e.image, found.has(e.image) ? artifactLabels(found.get(e.image)!) : []);
    if (values.print) {
      for (const image of [...labels.keys()].sort()) {
        writeStdout(`${image}\n${labels.get(image)!.map((l) => `  ${l}\n`).join("")}`);
      }
    }
    for (const c of criteria) info(`Matching field ${c}`);
    let matches = selectImages(labels, criteria);
    if (matches.length === 0) {
      info("There was no match. Try changing your constraints.");
      return 1;
    }
    if (values.randomize) matches = shuffle(matches, Math.random);
    if (values.single) matches = matches.slice(0, 1);
    writeStdout(` --- Found matches ---\n${matches.map((m) => `${m}\n`).join("")}`);
    return 0;
  } catch (e) {
    if (e instanceof MatchError) throw new CliError(`${command}: ${e.message}`, 1);
    if (e instanceof InputError || e instanceof DocumentError) throw new CliError(`${command}: ${e.message}`, 2);
    throw cliErrorOf(e, command);
  }
}

/**
 * The one registry the credential flags go to: `--registry HOST`, else the
 * first entry's (its artifact's, else its image's) host. Says so on stderr
 * when the manifest names other registries, which get their own docker config
 * entry or nothing.
 */
function credentialsRegistry(command: string, values: MatchFlagValues, entries: readonly Entry[]): string | undefined {
  const given = values["registry-username"] !== undefined || values["registry-token-stdin"] === true;
  if (values.registry !== undefined) {
    if (!given) throw usageError(`${command}: --registry names the registry the credential flags are for; give --registry-username or --registry-token-stdin too`);
    try {
      parseReference(`${values.registry}/x`);
    } catch {
      throw usageError(`${command}: --registry ${JSON.stringify(values.registry)}: not a registry host (e.g. registry.example.org or 127.0.0.1:5000)`);
    }
  }
  const hosts = [...new Set(entries.flatMap((e) => (e.ref.kind === "registry" ? [e.ref.host] : [])))];
  const host = values.registry?.toLowerCase() ?? hosts[0];
  if (given && host !== undefined && hosts.some((h) => h !== host)) {
    info(`credentials from the command line go to ${host} only; other registries use their docker config entry or none`);
  }
  return host;
}

/** The manifest's entries with parsed references; errors name the file and the entry. */
async function readManifest(file: string): Promise<Entry[]> {
  let text: string;
  try {
    text = new TextDecoder().decode(readSmallFile(file, MAX_MANIFEST_FILE));
  } catch (e) {
    if (e instanceof SmallFileError) throw new CliError(`match: ${file}: ${e.message}`, 2);
    throw e;
  }
  const manifest = await parseMatchManifest(text, file);
  const seen = new Set<string>();
  const out: Entry[] = [];
  manifest.images.forEach((img: ManifestImage, i) => {
    if (seen.has(img.name)) {
      warn(`${file}: images[${i}]: ${img.name} is listed twice; using the first entry`);
      return;
    }
    seen.add(img.name);
    const artifactText = img.artifact ?? img.name;
    try {
      out.push({ image: img.name, artifactText, ref: parseReference(artifactText), direct: img.artifact !== undefined });
    } catch (e) {
      if (e instanceof RegistryError) throw new CliError(`match: ${file}: images[${i}]: ${e.message}`, 2);
      throw e;
    }
  });
  return out;
}

/**
 * One image's attribute artifact: from the cache when there, else fetched
 * (and cached). `undefined` when it has none, or (tolerant) when fetching failed.
 */
async function loadArtifact(
  entry: Entry,
  cache: string | undefined,
  access: () => RegistryAccess,
  tolerant: boolean,
): Promise<AttributeArtifact | undefined> {
  const cachedBytes = cache === undefined ? undefined : readCached(cache, entry.ref, warn);
  if (cachedBytes !== undefined) {
    const where = `${cache}: cached artifact of ${entry.artifactText}`;
    try {
      const cached = await parseArtifactBytes(cachedBytes, where);
      if (cached.kind === "compspec") return cached;
      warn(`${where}: an NFD rule artifact, not compspec attributes; fetching it again`);
    } catch (e) {
      if (!(e instanceof DocumentError)) throw e;
      warn(`${e.message}; fetching it again`);
    }
  }
  let fetched: FetchedArtifact;
  try {
    fetched = entry.direct ? await fetchTaggedArtifact(entry.ref, access()) : await fetchArtifact(entry.ref, access());
  } catch (e) {
    if (e instanceof RegistryError && e.kind === "no-artifact") {
      warn(`image ${entry.image}: ${e.message}`);
      return undefined;
    }
    if (!(e instanceof RegistryError) || e.kind === "usage" || !tolerant) {
      throw e instanceof RegistryError ? new RegistryError(e.kind, `image ${entry.image}: ${e.message}`) : e;
    }
    warn(`image ${entry.image}: ${e.message}`);
    return undefined;
  }
  const nfd = () => {
    warn(`image ${entry.image}: its artifact (${fetched.source}) is an NFD rule artifact, not compspec attributes; use 'compspec check'`);
    return undefined;
  };
  // The layer's media type already says NFD: no need to read it.
  if (fetched.kind === "nfd") return nfd();
  let artifact;
  try {
    artifact = await parseArtifactBytes(fetched.bytes, `image ${entry.image}: ${fetched.source}`);
  } catch (e) {
    if (!tolerant || !(e instanceof DocumentError)) throw e;
    warn(e.message);
    return undefined;
  }
  if (artifact.kind !== "compspec") return nfd();
  // The cache holds the artifact as the registry stored it (its digest was checked).
  if (cache !== undefined) writeCached(cache, entry.ref, fetched.bytes);
  return artifact;
}
