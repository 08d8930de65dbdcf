import { defineConfig } from "tsup";

// The package's entry points (each one is in package.json "exports" and typedoc.json).
const libraryEntries = {
  index: "src/index.ts",
  "docker/index": "src/docker/index.ts",
  "process/index": "src/process/index.ts",
};

export default defineConfig({
  // The CLI (the "bin") is an entry of its own, with no type declarations.
  entry: { ...libraryEntries, cli: "src/cli/main.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: { entry: libraryEntries },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  // Classes and functions keep their own names (`ExecError.name === "ExecError"`, not the
  // `_ExecError` esbuild gives a class that refers to itself): users read them in logs.
  keepNames: true,
});
