// Bundles the extension (and, for the tests, the vscode-free modules) with esbuild.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
};

await Promise.all([
  // The extension: everything but `vscode` (provided by the editor) in one file.
  esbuild.build({ ...common, entryPoints: ["src/extension.ts"], outfile: "dist/extension.js", external: ["vscode"] }),
  // The pure logic, for `node --test` (no `vscode` needed to load these).
  esbuild.build({ ...common, entryPoints: ["src/settings.ts"], outfile: "dist/test/settings.js" }),
  esbuild.build({ ...common, entryPoints: ["src/activation.ts"], outfile: "dist/test/activation.js" }),
]);
