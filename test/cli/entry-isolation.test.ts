import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Every source file reachable from `entry` through static relative imports. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(root, file), "utf8");
    for (const match of source.matchAll(/(?:import|export)[^"']*?from\s+["'](\.[^"']+)["']/g)) {
      visit(relative(root, join(root, dirname(file), (match[1] as string).replace(/\.js$/, ".ts"))));
    }
  };
  visit(entry);
  return seen;
}

it.each(["src/index.ts", "src/process/index.ts"])("%s never reaches the CLI or the yaml parser", (entry) => {
  const files = [...reachable(entry)];
  expect(files.length).toBeGreaterThan(5);
  expect(files.filter((file) => file.startsWith("src/cli/"))).toEqual([]);
  for (const file of files) expect(readFileSync(join(root, file), "utf8")).not.toMatch(/from ["']yaml["']/);
});

it("the CLI reaches its own files", () => {
  expect(reachable("src/cli/main.ts")).toContain("src/cli/drive.ts");
});
