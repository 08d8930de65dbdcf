// Imports the module named on the command line and prints, as JSON, the npm packages that were
// loaded through Node's CommonJS loader (where dockerode and its dependencies end up).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

await import(pathToFileURL(resolve(process.argv[2] as string)).href);
const require = createRequire(import.meta.url);
const packages = new Set<string>();
for (const file of Object.keys(require.cache)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (match) packages.add(match[1] as string);
}
console.log(JSON.stringify([...packages].sort()));
