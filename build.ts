/**
 * Build the single compspec binary with `bun build --compile`.
 *
 *   bun build.ts            → dist/compspec (this machine's target)
 *
 * The version (package.json) and git commit are embedded so `compspec version`
 * names exactly what was built.
 */
import { $ } from "bun";
import pkg from "./package.json" with { type: "json" };

const commit = (await $`git rev-parse --short=12 HEAD`.nothrow().quiet()).stdout.toString().trim() || "unknown";
const dirty = (await $`git status --porcelain --untracked-files=no`.nothrow().quiet()).stdout.toString().trim() !== "";
const build = { version: pkg.version, commit: dirty ? `${commit}-dirty` : commit };

await $`mkdir -p dist`;
const result = await Bun.build({
  entrypoints: ["./src/main.ts"],
  compile: { outfile: "./dist/compspec" },
  minify: true,
  define: { COMPSPEC_BUILD: JSON.stringify(build) },
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.error(`built dist/compspec (compspec ${build.version}, ${build.commit})`);
