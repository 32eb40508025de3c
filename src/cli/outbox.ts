import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { OutboxEntryNotFoundError } from '../errors/OutboxEntryNotFoundError.js';
import { OutboxFileError } from '../errors/OutboxFileError.js';
import type { Outbox } from '../outbox/types.js';
import type { CliIo } from './io.js';
import { deadLetterLine, entryLine, statsLine } from './outboxText.js';

/** What `vcconn outbox` needs from the outside world; tests may replace it. */
export interface OutboxCommandDependencies {
  /** Opens an existing outbox file. */
  open(file: string): Promise<Outbox>;
  /** Epoch ms, for the ages printed. */
  now(): number;
}

/** The real outbox (better-sqlite3 loaded only when an outbox command runs) and clock. */
export const defaultOutboxDependencies: OutboxCommandDependencies = {
  open: async (file) => (await import('../outbox/openOutbox.js')).openOutbox(file),
  now: () => Date.now(),
};

interface ListFlags { dead?: boolean; json?: boolean }
interface DropFlags { dead?: boolean; all?: boolean }

/**
 * An entry id: a positive integer.
 * @throws {@link InvalidArgumentError} (commander's: a usage error) for anything else.
 */
export function parseEntryId(text: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) === 0) throw new InvalidArgumentError('An id is a positive integer, as `vcconn outbox list` prints it (#12 is 12).');
  return Number(text);
}

/**
 * Adds `vcconn outbox list|retry|drop <file> [id]`: what an outbox file holds, and the operator's two actions on
 * it. The file must exist (an outbox is never created here: a typo would otherwise make an empty one); a file
 * that is not an outbox fails with OutboxFileError naming it. Exit 0 done, 1 a file or entry problem, 2 usage.
 * Stop the host that owns the file first: an outbox is used by one process at a time.
 */
export function registerOutboxCommand(program: Command, io: CliIo, dependencies: OutboxCommandDependencies = defaultOutboxDependencies): void {
  const outbox = program.command('outbox').description('inspect an offline outbox file: pending entries and dead letters; retry or drop them');
  const withOutbox = async (file: string, use: (opened: Outbox) => void): Promise<void> => {
    const path = resolve(file);
    if (!existsSync(path)) throw new OutboxFileError(path, 'unreadable', 'no such file (vcconn outbox never creates one; name the file the host was given)');
    // SQLite takes an empty file for an empty database, which opening would turn into an outbox.
    if (statSync(path).isFile() && statSync(path).size === 0) throw new OutboxFileError(path, 'foreign', 'is empty: not an outbox (vcconn outbox never creates one)');
    const opened = await dependencies.open(path);
    try {
      use(opened);
    } finally {
      opened.close();
    }
  };

  outbox
    .command('list')
    .description('list the pending entries in delivery order (or the dead letters with --dead)')
    .argument('<file>', 'the outbox file')
    .option('--dead', 'list the dead letters (writes the server rejected, or older than Outbox:MaxAgeHours)')
    .option('--json', 'print one JSON object: { file, stats, entries } (or deadLetters with --dead)')
    .action(async (file: string, flags: ListFlags) => {
      await withOutbox(file, (opened) => {
        const stats = opened.stats();
        const now = dependencies.now();
        if (flags.json === true) {
          const rows = flags.dead === true ? { deadLetters: opened.deadLetters() } : { entries: opened.list() };
          io.stdout(`${JSON.stringify({ file: opened.file, stats, ...rows })}\n`);
          return;
        }
        io.stdout(`${statsLine(opened.file, stats)}\n`);
        const lines = flags.dead === true
          ? opened.deadLetters().map((dead) => deadLetterLine(dead, now))
          : opened.list().map((entry) => entryLine(entry, now));
        if (lines.length === 0) io.stdout(flags.dead === true ? 'No dead letters.\n' : 'No pending entries.\n');
        for (const line of lines) io.stdout(`${line}\n`);
      });
    });

  outbox
    .command('retry')
    .description('queue a dead letter again (same Idempotency-Key, at the end of its entity); every dead letter without an id')
    .argument('<file>', 'the outbox file')
    .argument('[id]', 'the dead letter id (`vcconn outbox list <file> --dead`)', parseEntryId)
    .action(async (file: string, id: number | undefined) => {
      await withOutbox(file, (opened) => {
        const targets = id === undefined ? opened.deadLetters() : opened.deadLetters().filter((dead) => dead.id === id);
        if (id !== undefined && targets.length === 0) throw new OutboxEntryNotFoundError(opened.file, 'deadLetters', id, 'is not in the file');
        for (const dead of targets) {
          const entry = opened.retry(dead.id);
          if (entry === null) throw new OutboxEntryNotFoundError(opened.file, 'deadLetters', dead.id, 'could not be queued again');
          io.stdout(`queued dead letter #${dead.id} (${dead.entry.entity} ${dead.entry.operation}) again as entry #${entry.id}\n`);
        }
        io.stdout(`${targets.length} dead letter(s) queued again\n`);
      });
    });

  outbox
    .command('drop')
    .description('delete a pending entry (or a dead letter with --dead) for good; --all for every one')
    .argument('<file>', 'the outbox file')
    .argument('[id]', 'the entry id (`vcconn outbox list <file>`), or the dead letter id with --dead', parseEntryId)
    .option('--dead', 'drop dead letters rather than pending entries')
    .option('--all', 'drop every pending entry (or every dead letter with --dead)')
    .action(async (file: string, id: number | undefined, flags: DropFlags, command: Command) => {
      if ((id === undefined) === (flags.all !== true)) {
        command.error('vcconn outbox drop: name one id, or pass --all (not both)', { exitCode: 2, code: 'vcconn.outbox.dropWhat' });
      }
      const table = flags.dead === true ? 'deadLetters' : 'pending';
      await withOutbox(file, (opened) => {
        // Each dropped write is printed: nothing leaves the outbox unseen.
        const targets = flags.dead === true
          ? opened.deadLetters().map((dead) => ({ id: dead.id, entry: dead.entry, state: 'dead' }))
          : opened.list().map((entry) => ({ id: entry.id, entry, state: entry.state }));
        const chosen = id === undefined ? targets : targets.filter((target) => target.id === id);
        if (id !== undefined && chosen.length === 0) throw new OutboxEntryNotFoundError(opened.file, table, id, 'is not in the file');
        let dropped = 0;
        for (const target of chosen) {
          if (!opened.drop(target.id, { deadLetter: flags.dead === true })) {
            const why = target.state === 'inFlight' ? 'is in flight (its outcome is being reconciled) and cannot be dropped' : 'could not be dropped';
            throw new OutboxEntryNotFoundError(opened.file, table, target.id, `${why} (${dropped} dropped before it)`);
          }
          dropped += 1;
          io.stdout(`dropped ${flags.dead === true ? 'dead letter' : 'entry'} #${target.id}: ${target.entry.entity} ${target.entry.operation} (Idempotency-Key ${target.entry.idempotencyKey})\n`);
        }
        io.stdout(`${dropped} ${flags.dead === true ? 'dead letter(s)' : 'pending entry(ies)'} dropped\n`);
      });
    });
}
