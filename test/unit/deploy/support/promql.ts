import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** One alerting rule of deploy/prometheus/alerts.yml, as the tests read it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * The alerting rules of a Prometheus rule file. A small reader for the subset of YAML alerts.yml is written in
 * (`- alert:` items; `expr:` inline or as a `>-` block; `annotations:` of one-line or `>-` values), so the tests
 * need no YAML dependency; promtool checks the file itself.
 */
export function readAlertRules(path: string): AlertRule[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const rules: { alert: string; expr: string; annotations: Record<string, string> }[] = [];
  const indentOf = (line: string) => line.length - line.trimStart().length;
  /** The value at `index` (its inline text, or the folded block below it) and the next line to read. */
  const valueAt = (index: number, inline: string): [string, number] => {
    if (inline !== '>-' && inline !== '|' && inline !== '>') return [unquote(inline), index + 1];
    const own = indentOf(lines[index] ?? '');
    const block: string[] = [];
    let next = index + 1;
    while (next < lines.length && ((lines[next] ?? '').trim() === '' || indentOf(lines[next] ?? '') > own)) {
      block.push((lines[next] ?? '').trim());
      next += 1;
    }
    return [block.filter((line) => line !== '').join(inline === '|' ? '\n' : ' '), next];
  };
  let inAnnotations = -1;
  for (let index = 0; index < lines.length;) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || trimmed === '') {
      index += 1;
      continue;
    }
    const alert = /^- alert:\s*(\S+)$/.exec(trimmed);
    if (alert !== null) {
      rules.push({ alert: alert[1] ?? '', expr: '', annotations: {} });
      inAnnotations = -1;
      index += 1;
      continue;
    }
    const current = rules.at(-1);
    const field = /^([A-Za-z_]+):\s*(.*)$/.exec(trimmed);
    if (current === undefined || field === null) {
      index += 1;
      continue;
    }
    const [, key = '', inline = ''] = field;
    if (inAnnotations >= 0 && indentOf(line) <= inAnnotations) inAnnotations = -1;
    if (key === 'annotations') {
      inAnnotations = indentOf(line);
      index += 1;
      continue;
    }
    const [value, next] = valueAt(index, inline);
    if (inAnnotations >= 0) current.annotations[key] = value;
    else if (key === 'expr') current.expr = value;
    index = next;
  }
  return rules;
}

function unquote(text: string): string {
  return /^".*"$/.test(text) || /^'.*'$/.test(text) ? text.slice(1, -1) : text;
}

/** One series selector of a PromQL expression: its metric name and label matchers. */
export interface SeriesRef {
  readonly name: string;
  readonly matchers: readonly { readonly label: string; readonly op: string; readonly value: string }[];
}

/** Every `vcconn_*` selector in a PromQL expression (Grafana's `$__rate_interval` and the like are left alone). */
export function seriesRefs(expr: string): SeriesRef[] {
  const refs: SeriesRef[] = [];
  for (const match of expr.matchAll(/\b(vcconn_[a-z0-9_]+)\s*(?:\{([^}]*)\})?/g)) {
    const matchers = [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)\s*"([^"]*)"/g)]
      .map((m) => ({ label: m[1] ?? '', op: m[2] ?? '', value: m[3] ?? '' }));
    refs.push({ name: match[1] ?? '', matchers });
  }
  return refs;
}

function labelList(text: string): string[] {
  return text.split(',').map((label) => label.trim()).filter((label) => label !== '');
}

/** Where the parenthesised argument opened at `open` ends (the index of its closing parenthesis). */
function closingParen(expr: string, open: number): number {
  let depth = 0;
  for (let index = open; index < expr.length; index += 1) {
    if (expr[index] === '(') depth += 1;
    else if (expr[index] === ')' && --depth === 0) return index;
  }
  return expr.length;
}

/**
 * The labels each `vcconn_*` selector of an expression must carry, in the order of {@link seriesRefs}: those of
 * every `on (...)` (vector matching reads them on both sides), those of each `by (...)` aggregation around it, and
 * `printed` (the labels the annotations print) on the first selector only: the result of `a and/unless b` carries
 * the left side's labels, so a right-hand selector only has to match on `on (...)`.
 */
export function labelsNeeded(expr: string, printed: readonly string[]): string[][] {
  const onLabels = [...expr.matchAll(/\bon\s*\(([^)]*)\)/g)].flatMap((match) => labelList(match[1] ?? ''));
  const aggregations = [...expr.matchAll(/\bby\s*\(([^)]*)\)\s*\(/g)].map((match) => {
    const open = (match.index ?? 0) + match[0].length - 1;
    return { labels: labelList(match[1] ?? ''), from: open, to: closingParen(expr, open) };
  });
  const positions = [...expr.matchAll(/\b(vcconn_[a-z0-9_]+)/g)].map((match) => match.index ?? 0);
  return positions.map((at, index) => [
    ...onLabels,
    ...aggregations.filter(({ from, to }) => at > from && at < to).flatMap(({ labels }) => labels),
    ...(index === 0 ? printed : []),
  ]);
}
