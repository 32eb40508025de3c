import type { DeadLetter, OutboxEntry, OutboxStats } from '../outbox/types.js';

/** `12 s`, `5 min`, `3 h`, `2 d`: an age as an operator reads it. */
export function ageText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/** The first line of every `vcconn outbox` output: what the file holds. */
export function statsLine(file: string, stats: OutboxStats): string {
  const oldest = stats.pending === 0 ? '' : `, oldest ${ageText(stats.oldestEntryAgeSeconds * 1000)} old`;
  return `outbox ${file}: ${stats.pending} pending (${stats.bytes} bytes)${oldest}, ${stats.deadLetters} dead letter(s)`;
}

/** One line for a pending entry: id, entity, operation, state, attempts, age, last error. */
export function entryLine(entry: OutboxEntry, now: number): string {
  const error = entry.lastError === null ? '' : `  last error: ${oneLine(entry.lastError)}`;
  return `  #${entry.id}  ${entry.entity}  ${entry.operation}  ${entry.state}  attempts ${entry.attempts}  queued ${ageText(now - entry.enqueuedAt)} ago${error}`;
}

/** One line for a dead letter: its id, the entry, why, and the server's answer. */
export function deadLetterLine(dead: DeadLetter, now: number): string {
  const status = dead.status === null ? '' : ` ${dead.status}`;
  return `  #${dead.id}  ${dead.entry.entity}  ${dead.entry.operation}  ${dead.reason}${status}  ${ageText(now - dead.at)} ago  answer: ${oneLine(dead.answer)}`;
}

/** Keeps a table row on one line, and long answers short. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
