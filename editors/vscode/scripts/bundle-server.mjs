// Copies the release binary into server/ for the linux-x64 .vsix.
// Source: $COPYDESK_BIN, else target/release/copydesk at the repository root.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const serverDir = path.resolve(here, "..", "server");

// `--clean`: empty server/ so the platform-neutral .vsix carries no binary.
if (process.argv.includes("--clean")) {
  for (const name of ["copydesk", "copydesk.exe"]) fs.rmSync(path.join(serverDir, name), { force: true });
  process.exit(0);
}

const source = process.env.COPYDESK_BIN || path.resolve(here, "..", "..", "..", "target", "release", "copydesk");
const dest = path.join(serverDir, "copydesk");

if (!fs.existsSync(source)) {
  console.error(`bundle-server: no release binary at ${source}. Run \`cargo build --release\` at the repository root first (or set COPYDESK_BIN).`);
  process.exit(1);
}
fs.copyFileSync(source, dest);
fs.chmodSync(dest, 0o755);
console.log(`bundle-server: ${source} -> ${dest}`);
