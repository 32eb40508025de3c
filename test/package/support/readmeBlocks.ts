/** One fenced code block of the README, with the heading it sits under. */
export interface ReadmeBlock {
  /** `ts`, `sh`, `yaml`, ... */
  readonly language: string;
  readonly code: string;
  /** The nearest heading above it, without the #s. */
  readonly heading: string;
  /** 1 for the first block of its language under that heading, 2 for the next, ... */
  readonly ordinal: number;
  /** Line of the opening fence (1-based). */
  readonly line: number;
}

/** Every fenced block of `markdown`, in order. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  let heading = '';
  const counts = new Map<string, number>();
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const title = /^#{1,6}\s+(.*)$/.exec(line);
    if (title !== null) {
      heading = (title[1] ?? '').trim();
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence === null) continue;
    const language = fence[1] ?? '';
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i += 1) body.push(lines[i] ?? '');
    const key = `${heading}\u0000${language}`;
    const ordinal = (counts.get(key) ?? 0) + 1;
    counts.set(key, ordinal);
    blocks.push({ language, code: body.join('\n'), heading, ordinal, line: start + 1 });
  }
  return blocks;
}
