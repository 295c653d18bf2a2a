/** Fitting the offline plan's text to a terminal's width. */

/** The widest line the plan prints: a review is read in terminals and pull-request comments. */
export const planColumns = 100;

/**
 * Each line broken to at most `width` columns: at the last space before the limit (a list goes on
 * under its first item, after `Label: `), or, in a word longer than the line (an ARN), after its last
 * `/` or `:` that fits; the rest goes on a line indented deeper than the one it came from.
 *
 * @param lines - lines without line breaks
 * @param width - the widest line allowed; {@link planColumns} by default
 */
export function fitColumns(lines: readonly string[], width = planColumns): string[] {
  return lines.flatMap((line) => fitLine(line, width));
}

function fitLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = /^ */.exec(line)?.[0].length ?? 0;
  const label = /^ *[A-Za-z][A-Za-z ()]*: /.exec(line)?.[0].length;
  // A list under its label; anything else two columns deeper, so it reads as the same entry.
  const hanging = label !== undefined && label <= width / 2 ? label : indent + 2;
  const lines: string[] = [];
  let rest = line;
  let restIndent = 0;
  while (restIndent + rest.length > width) {
    const room = width - restIndent;
    let cut = rest.lastIndexOf(" ", room);
    if (cut <= indent - restIndent) cut = -1;
    // A word too long for the next line too (an ARN after `on`) is broken inside instead.
    const wordEnd = cut < 0 ? -1 : rest.indexOf(" ", cut + 1);
    if (cut > 0 && (wordEnd < 0 ? rest.length : wordEnd) - cut - 1 > width - hanging) cut = -1;
    let head: string;
    let tail: string;
    if (cut > 0) {
      head = rest.slice(0, cut);
      tail = rest.slice(cut + 1);
    } else {
      const separator = Math.max(rest.lastIndexOf("/", room - 1), rest.lastIndexOf(":", room - 1));
      // Nothing to break at: a line too long is better than a token cut in an arbitrary place.
      if (separator <= 0) break;
      head = rest.slice(0, separator + 1);
      tail = rest.slice(separator + 1);
    }
    lines.push(`${" ".repeat(restIndent)}${head.trimEnd()}`);
    rest = tail;
    restIndent = hanging;
  }
  lines.push(`${" ".repeat(restIndent)}${rest}`);
  return lines;
}
