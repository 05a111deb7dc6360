/* global process, console */
// `npm run build` (after `next build`): bundles the worker, the migration and key rotation into
// dist/ as plain JavaScript for Node 20, so production runs them with `node dist/<tool>.js` and
// no TypeScript loader (tsx held ~140 MB more at a 100k-transaction sync). Our code is bundled;
// every production dependency stays an import resolved from node_modules at run time (native and
// wasm packages must, and the runtime image installs dependencies without devDependencies). A
// bundle that would need a devDependency fails the build here rather than in production.
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { TOOLS } from "./tools.mjs";

const root = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const dependencies = Object.keys(pkg.dependencies ?? {});

const result = await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(Object.values(TOOLS).map((tool) => [tool.bundle.replace(/^dist\//, "").replace(/\.js$/, ""), tool.entry])),
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  tsconfig: "tsconfig.json",
  external: dependencies.flatMap((name) => [name, `${name}/*`]),
  // A bundled CommonJS module that calls require() needs one in an ES module.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

const builtins = new Set((await import("node:module")).builtinModules);
const isProductionImport = (specifier) => {
  if (specifier.startsWith("node:") || builtins.has(specifier)) return true;
  const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
  return dependencies.includes(name);
};
const problems = new Set();
for (const [file, input] of Object.entries(result.metafile.inputs)) {
  if (file.includes("node_modules/")) problems.add(`${file} is bundled: make its package a dependency`);
  for (const entry of input.imports) if (entry.external && !isProductionImport(entry.path)) problems.add(`${file} imports ${entry.path}, not a production dependency`);
}
if (problems.size > 0) {
  console.error(`[bundle-tools] ${[...problems].join("\n[bundle-tools] ")}`);
  process.exit(1);
}
const sizes = Object.entries(result.metafile.outputs)
  .filter(([, output]) => output.entryPoint)
  .map(([file, output]) => `${file} (${Math.round(output.bytes / 1024)} kB)`);
console.log(`[bundle-tools] ${sizes.join(", ")}`);
