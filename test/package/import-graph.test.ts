import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Every module specifier imported (statically or dynamically) by the modules `entry` reaches. */
function reachableImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      if (specifier?.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else if (specifier) packages.add(specifier);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the "." entry point', () => {
  it("does not reach dockerode (only taskwright/docker may load it)", () => {
    const { files, packages } = reachableImports(resolve(root, "index.ts"));
    expect(files.size).toBeGreaterThan(20);
    expect([...packages].filter((name) => name.includes("dockerode") || name.includes("docker-modem"))).toStrictEqual(
      [],
    );
  });
});
