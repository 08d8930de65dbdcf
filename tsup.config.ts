import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", "process/index": "src/process/index.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
