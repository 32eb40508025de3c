const ESC = '\u001b';
const RESET = `${ESC}[0m`;
const URL_PATTERN = /https?:\/\/\S/;

/** `line` without its color codes: what the terminal shows. */
export function visibleText(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === ESC) {
      const end = line.indexOf('m', i);
      if (end < 0) break;
      i = end;
      continue;
    }
    out += line[i] ?? '';
  }
  return out;
}

/** True when the line shows a URL: such a line is never cut, since a cut URL points somewhere else. */
export function holdsUrl(line: string): boolean {
  return URL_PATTERN.test(visibleText(line));
}

/** Cuts `line` to `columns` visible characters, keeping its escape sequences, and resets the color at the end. */
export function fit(line: string, columns: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === ESC) {
      const end = line.indexOf('m', i);
      if (end < 0) break;
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    if (visible >= columns) continue;
    out += line[i] ?? '';
    visible += 1;
  }
  return `${out}${RESET}`;
}

/**
 * `line` made safe for a redrawn frame `columns` wide: cut to the width, except a line that shows a URL, which is
 * kept whole and left to the terminal to wrap (see {@link rowsOf}): a URL cut at the edge reads as another address.
 */
export function fitKeepingUrls(line: string, columns: number): string {
  return holdsUrl(line) ? `${line}${RESET}` : fit(line, columns);
}

/** Terminal rows `line` takes at `columns` wide (a longer line wraps), so a redraw moves up over all of them. */
export function rowsOf(line: string, columns: number): number {
  return Math.max(1, Math.ceil(visibleText(line).length / columns));
}
