/** A place in a text file, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** What a task file parsed to, and where each field of it is. */
export interface ParsedSource {
  /** The document's value. */
  value: unknown;
  /**
   * Where the field at `path` (as validation names it, e.g. `spec.container.env[1]`) is written,
   * or where its closest written parent is; `undefined` for the document itself.
   */
  locate(path: string): Position | undefined;
}

/** A syntax error, at a place in the file when it is known. */
export class SourceSyntaxError extends Error {
  /** Where the error is. */
  readonly position: Position | undefined;

  /**
   * @param message - what is wrong, without the position
   * @param position - where
   */
  constructor(message: string, position?: Position) {
    super(message);
    this.position = position;
  }
}

/** The 1-based line and column of a character offset in `text`. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Appends an object key or array index to a field path, as validation writes paths. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * A `locate` function over a map of field paths to places (offsets, nodes), falling back to the
 * closest parent that is written.
 */
export function locator<T>(
  places: ReadonlyMap<string, T>,
  toPosition: (place: T) => Position,
): (path: string) => Position | undefined {
  return (path) => {
    for (let current = path; current; current = parentPath(current)) {
      const found = places.get(current);
      if (found !== undefined) return toPosition(found);
    }
    return undefined;
  };
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut <= 0 ? "" : path.slice(0, cut);
}
