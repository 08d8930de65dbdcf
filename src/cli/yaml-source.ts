import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { childPath, locator, type ParsedSource, SourceSyntaxError } from "./source-position.js";

/**
 * Parses a YAML task file (YAML 1.2, core schema: `0o400` is an octal number, `yes` a string)
 * with the `yaml` package, and records where each field is. One document only; a key written
 * twice in a mapping is an error.
 *
 * @throws SourceSyntaxError with the line and column of the first error
 */
export function parseYamlSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const [first] = doc.errors;
  if (first) {
    const at = first.linePos?.[0];
    const message = first.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    throw new SourceSyntaxError(message, at && { line: at.line, column: at.col });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new SourceSyntaxError((err as Error).message);
  }
  const offsets = new Map<string, number>();
  if (doc.contents) collect(doc.contents, "", offsets);
  return {
    value,
    locate: locator(offsets, (offset) => {
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    }),
  };
}

/** Records the offset of every field under `node`: a mapping key's, a sequence item's. */
function collect(node: Node, path: string, offsets: Map<string, number>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = childPath(path, String(pair.key.value));
      if (pair.key.range) offsets.set(key, pair.key.range[0]);
      if (pair.value) collect(pair.value as Node, key, offsets);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const key = childPath(path, index);
      if (item && typeof item === "object" && "range" in item && (item as Node).range) {
        offsets.set(key, (item as Node).range![0]);
        collect(item as Node, key, offsets);
      }
    });
  }
}
