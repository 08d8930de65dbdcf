// The format of an image reference, as the engine parses one (the distribution "reference"
// grammar), said here with regular expressions of our own:
//
//   reference  = [host[:port]/]path[:tag][@digest]
//   host       = DNS-style labels (letters, digits, inner "-") joined by ".", or [IPv6]
//   path       = components joined by "/", each lowercase letters and digits, separated
//                inside by ".", "_", "__" or one or more "-"
//   tag        = a word character, then up to 127 word characters, "." or "-"
//   digest     = algorithm ":" at least 32 hex digits, e.g. sha256:<64 hex>
//
// The first component is only a host when more follows after a "/"; the engine then treats it as
// a registry (it has a ".", a ":" or is "localhost"), else as part of the path, which must then be
// lowercase too.

const label = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const host = `(?:${label}(?:\\.${label})*|\\[[0-9a-fA-F:.]+\\])`;
const alnum = "[a-z0-9]+";
const component = `${alnum}(?:(?:[._]|__|-+)${alnum})*`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

const withHost = new RegExp(`^(${host}(?::[0-9]+)?)/(${component}(?:/${component})*)(?::${tag})?(?:@${digest})?$`);
const withoutHost = new RegExp(`^(${component}(?:/${component})*)(?::${tag})?(?:@${digest})?$`);

/** Longest name (host and path) the engine takes. */
const maxNameLength = 255;

/**
 * What is wrong with an image reference, in words, or `undefined` when the engine would accept
 * it: `busybox`, `busybox:1.36`, `127.0.0.1:5999/x:1`, `localhost/a/b`,
 * `registry.example.com:5000/org/img@sha256:<64 hex>`.
 */
export function imageRefProblem(ref: string): string | undefined {
  const match = withoutHost.exec(ref) ?? hostedMatch(ref);
  if (!match) {
    const hint =
      ref !== ref.toLowerCase() && imageRefProblem(ref.toLowerCase()) === undefined
        ? " (repository names are lowercase)"
        : "";
    return `"${ref}" is not a valid image reference: expected [host[:port]/]name[:tag][@digest]${hint}`;
  }
  const name = match[1] as string;
  if (name.length > maxNameLength) return `the name is longer than ${maxNameLength} characters`;
  return undefined;
}

/** A match of the form with a host, whose first group is the whole name (host and path). */
function hostedMatch(ref: string): RegExpExecArray | null {
  const match = withHost.exec(ref);
  if (match) match[1] = `${match[1]}/${match[2]}`;
  return match;
}
