import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^taskwright$/, replacement: src("index.ts") },
      { find: /^taskwright\/docker$/, replacement: src("docker/index.ts") },
      { find: /^taskwright\/process$/, replacement: src("process/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    restoreMocks: true,
    unstubEnvs: true,
    testTimeout: 20_000,
    globalSetup: ["test/support/docker/global-setup.ts"],
  },
});
