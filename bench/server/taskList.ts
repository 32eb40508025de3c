/**
 * The task list a busy VCDevTool server holds, as `GET api/tasks` returns it: every field the real server sends,
 * in its camelCase, with dates and row versions written as .NET writes them. The content varies per task (seeded,
 * so every run serves the same bytes) so that no part of the path gets an unrealistically cheap answer: strings
 * differ, about a third of tasks carry a result, dates and paths are all distinct.
 */
import { seededRandom } from '../../machines/random.js';
import type { RandomSource } from '../../machines/random.js';
import { dotnetDateTime, rowVersionBase64 } from './dotnetWire.js';

/** A `BatchTask` as the real server writes it (enums as numbers, the default ASP.NET serializer). */
export interface WireTask {
  readonly id: number;
  readonly name: string;
  readonly type: number;
  readonly status: number;
  readonly assignedNodeId: string | null;
  readonly assignedNodeIds: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly parameters: string | null;
  readonly resultMessage: string | null;
  readonly rowVersion: string;
}

/** BatchTaskStatus values (src/clients/models/enums.ts), repeated here so the bench server does not load src/. */
const status = { pending: 0, running: 1, completed: 2, failed: 3, cancelled: 4 } as const;

/** Task types a render farm runs, with the label its tasks are named after (TaskType values 2..7). */
const kinds = [
  { type: 3, label: 'Thumbnails' },
  { type: 4, label: 'Convert' },
  { type: 5, label: 'RealityCapture' },
  { type: 6, label: 'Package' },
  { type: 7, label: 'Compress' },
  { type: 2, label: 'Message' },
] as const;

/** 2026-01-05T08:00:00Z: the first task's creation. */
const firstCreatedMs = Date.UTC(2026, 0, 5, 8, 0, 0);

/** Seed of the served answers: the same bytes on every run and in every process. */
export const taskListSeed = 20_260_105;

/**
 * `count` tasks with ids 1..count, created in id order. Older tasks are mostly finished, the newest mostly
 * pending, as on a server that keeps its history.
 * @throws {RangeError} for a count that is not a non-negative integer.
 */
export function generateTasks(count: number, seed = taskListSeed): WireTask[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`task count must be a non-negative integer, got ${count}`);
  const random = seededRandom(seed);
  const tasks: WireTask[] = [];
  let createdMs = firstCreatedMs;
  let rowVersion = 0x3a_9f00 + Math.floor(random() * 0x1_0000);
  for (let index = 0; index < count; index += 1) {
    createdMs += 20_000 + Math.floor(random() * 600_000);
    // SQL Server's rowversion is database-wide: other writes between two tasks' last updates leave gaps.
    rowVersion += 1 + Math.floor(random() * 40);
    tasks.push(task(index + 1, createdMs, rowVersion, index / Math.max(1, count), random));
  }
  return tasks;
}

function task(id: number, createdMs: number, rowVersion: number, age: number, random: RandomSource): WireTask {
  const kind = pick(kinds, random);
  const project = `P${1000 + Math.floor(random() * 9000)}`;
  const shot = `sh${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
  const state = statusAt(age, random);
  const nodes = state === status.pending ? [] : assignedNodes(random);
  const startedMs = state === status.pending ? null : createdMs + 500 + Math.floor(random() * 90_000);
  const finished = state === status.completed || state === status.failed || state === status.cancelled;
  const completedMs = startedMs !== null && finished ? startedMs + 4_000 + Math.floor(random() * 3_600_000) : null;
  const date = (ms: number) => dotnetDateTime(ms, sevenDigitTicks(random));
  return {
    id,
    name: `${kind.label} ${project} ${shot}`,
    type: kind.type,
    status: state,
    assignedNodeId: nodes.at(-1) ?? null,
    assignedNodeIds: JSON.stringify(nodes),
    createdAt: date(createdMs),
    startedAt: startedMs === null ? null : date(startedMs),
    completedAt: completedMs === null ? null : date(completedMs),
    parameters: parameters(kind.type, project, shot, random),
    resultMessage: resultMessage(state, startedMs, completedMs, random),
    rowVersion: rowVersionBase64(rowVersion),
  };
}

/** The first 70 % of the history is finished; the newest tasks are running or waiting. */
function statusAt(age: number, random: RandomSource): number {
  const roll = random();
  if (age < 0.7) return roll < 0.85 ? status.completed : roll < 0.95 ? status.failed : status.cancelled;
  return roll < 0.3 ? status.running : status.pending;
}

/**
 * A sub-second part in 100-ns ticks that does not end in 0: System.Text.Json drops trailing zeros, and the real
 * server's dates (from `DateTime.UtcNow`) nearly always show all seven digits.
 */
function sevenDigitTicks(random: RandomSource): number {
  const ticks = Math.floor(random() * 10_000_000);
  return ticks % 10 === 0 ? ticks + 1 : ticks;
}

/**
 * One to three distinct nodes, the current one last: a task a node gave up on is handed to another, and the
 * server's list keeps each node once.
 */
function assignedNodes(random: RandomSource): string[] {
  const count = random() < 0.8 ? 1 : 2 + Math.floor(random() * 2);
  const nodes = new Set<string>();
  while (nodes.size < count) nodes.add(`node-${String(1 + Math.floor(random() * 48)).padStart(2, '0')}`);
  return [...nodes];
}

/** The task's parameters, a JSON document in a string, with the UNC paths render farms use. */
function parameters(type: number, project: string, shot: string, random: RandomSource): string {
  const share = `\\\\fs${1 + Math.floor(random() * 4)}\\${project}\\${shot}`;
  if (type === 2) return JSON.stringify({ message: `ping ${Math.floor(random() * 1e6)}` });
  if (type === 3) return JSON.stringify({ dir: share, size: pick([128, 256, 512], random) });
  return JSON.stringify({ dir: share });
}

function resultMessage(state: number, startedMs: number | null, completedMs: number | null, random: RandomSource): string | null {
  if (state === status.completed && startedMs !== null && completedMs !== null) {
    return `${1 + Math.floor(random() * 900)} files in ${Math.round((completedMs - startedMs) / 1000)} s`;
  }
  if (state === status.failed) return pick(['Network path not found', 'Access denied', 'Out of disk space', 'Timed out'], random);
  if (state === status.cancelled) return 'Cancelled by user';
  return null;
}

function pick<T>(items: readonly T[], random: RandomSource): T {
  return items[Math.floor(random() * items.length)] as T;
}
