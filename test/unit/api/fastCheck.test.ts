import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seededRandom } from '../../../machines/random.js';
import { NOT_VALID, fastCheckOf } from '../../../src/api/models/fastCheck.js';
import {
  batchTaskSchema, computerNodeSchema, fileLockSchema, healthAnswerSchema, nullable, taskConflictSchema,
  taskFolderProgressSchema, wireList, wireObject,
} from '../../../src/api/models/index.js';
import { wireString } from '../../../src/api/models/wire.js';
import { operationNames, operations } from '../../../src/api/operations/index.js';
import type { StatusRule } from '../../../src/api/operations/index.js';
import { InvalidResponseError } from '../../../src/errors/index.js';
import { decodeAnswer } from '../../../src/http/decodeAnswer.js';
import type { Decoded } from '../../../src/http/decodeAnswer.js';

/**
 * Property test of the fast checks: on thousands of generated answers, valid and not, every model's fast check
 * accepts exactly what its zod schema accepts and yields the same value (deep, strict, key order included),
 * and decodeAnswer gives the same value or the same error as zod alone.
 */

type Kind =
  | 'string' | 'intId' | 'percent' | 'boolean' | 'date' | 'base64' | 'taskType' | 'batchTaskStatus' | 'taskFolderStatus'
  | 'stringList' | 'batchTask';

interface Field {
  readonly key: string;
  readonly kind: Kind;
  /** What the model makes of the field when it is missing or null. */
  readonly absent: 'required' | 'null' | 'emptyListText';
}

interface Model {
  readonly schema: z.ZodType;
  readonly fields: readonly Field[];
}

const required = (key: string, kind: Kind): Field => ({ key, kind, absent: 'required' });
const optional = (key: string, kind: Kind): Field => ({ key, kind, absent: 'null' });

/** Every answer model, field by field, as the server may send it. */
const models = {
  batchTask: {
    schema: batchTaskSchema,
    fields: [
      required('id', 'intId'), required('name', 'string'), required('type', 'taskType'), required('status', 'batchTaskStatus'),
      optional('assignedNodeId', 'string'), { key: 'assignedNodeIds', kind: 'string', absent: 'emptyListText' },
      required('createdAt', 'date'), optional('startedAt', 'date'), optional('completedAt', 'date'),
      optional('parameters', 'string'), optional('resultMessage', 'string'), optional('rowVersion', 'base64'),
    ],
  },
  taskConflict: { schema: taskConflictSchema, fields: [optional('message', 'string'), optional('currentTask', 'batchTask')] },
  computerNode: {
    schema: computerNodeSchema,
    fields: [
      required('id', 'string'), required('name', 'string'), required('ipAddress', 'string'), required('isAvailable', 'boolean'),
      required('lastHeartbeat', 'date'), optional('hardwareFingerprint', 'string'),
    ],
  },
  fileLock: {
    schema: fileLockSchema,
    fields: [
      required('id', 'intId'), required('filePath', 'string'), required('lockingNodeId', 'string'),
      required('acquiredAt', 'date'), required('lastUpdatedAt', 'date'),
    ],
  },
  taskFolderProgress: {
    schema: taskFolderProgressSchema,
    fields: [
      required('id', 'intId'), required('taskId', 'intId'), required('folderPath', 'string'), required('folderName', 'string'),
      required('status', 'taskFolderStatus'), optional('assignedNodeId', 'string'), optional('assignedNodeName', 'string'),
      required('createdAt', 'date'), optional('startedAt', 'date'), optional('completedAt', 'date'),
      optional('errorMessage', 'string'), required('progress', 'percent'), optional('outputPath', 'string'),
    ],
  },
  health: {
    schema: healthAnswerSchema,
    fields: [
      required('status', 'string'), optional('timestamp', 'string'), optional('version', 'string'), optional('capabilities', 'stringList'),
    ],
  },
} satisfies Record<string, Model>;
type ModelName = keyof typeof models;

/** How each JSON rule of the operations table is answered: one model, or a list of it. */
const answerModels: Record<string, { model: ModelName; list: boolean }> = {
  'getTasks 2xx': { model: 'batchTask', list: true },
  'getTaskById 2xx': { model: 'batchTask', list: false },
  'createTask 2xx': { model: 'batchTask', list: false },
  'updateTaskStatus 2xx': { model: 'batchTask', list: false },
  'updateTaskStatus 409': { model: 'taskConflict', list: false },
  'getAvailableNodes 2xx': { model: 'computerNode', list: true },
  'getAllNodes 2xx': { model: 'computerNode', list: true },
  'registerNode 2xx': { model: 'computerNode', list: false },
  'getActiveLocks 2xx': { model: 'fileLock', list: true },
  'getTaskFolders 2xx': { model: 'taskFolderProgress', list: true },
  'createTaskFolder 2xx': { model: 'taskFolderProgress', list: false },
  'updateTaskFolderStatus 2xx': { model: 'taskFolderProgress', list: false },
  'health 2xx': { model: 'health', list: false },
};

interface JsonRule {
  readonly label: string;
  readonly status: number;
  readonly schema: z.ZodType;
}

/** Every JSON answer rule of the operations table: the 2xx answer and the status rules. */
function jsonRules(): JsonRule[] {
  const rules: JsonRule[] = [];
  for (const name of operationNames) {
    const spec = operations[name];
    if (spec.answer.kind === 'json') rules.push({ label: `${name} 2xx`, status: 200, schema: spec.answer.schema });
    const statusRules: Readonly<Partial<Record<number, StatusRule<unknown>>>> = spec.onStatus ?? {};
    for (const [status, rule] of Object.entries(statusRules)) {
      if (rule?.kind === 'json') rules.push({ label: `${name} ${status}`, status: Number(status), schema: rule.schema });
    }
  }
  return rules;
}

const random = seededRandom(20_260_115);
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const validValues: Record<Exclude<Kind, 'batchTask'>, readonly unknown[]> = {
  string: ['', 'n', 'Render batch 7', 'ünïcødé ☃ 🎬', '__proto__', 'constructor', '{"frames":24}', '[]', 'x'.repeat(500)],
  intId: [0, 1, 7, -1, 42, 65_536, 2_147_483_647, -2_147_483_648, -0],
  percent: [0, 100, 50, 33.3, 99.999, 1e-9, -0],
  boolean: [true, false],
  date: [
    '2026-01-15T08:01:01.5881497', '2026-01-15T08:01:01.5881497Z', '2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z',
    '2024-05-01T10:00:01+02:00', '2024-05-01T10:00:01.123-05:30', '2024-02-29T00:00:00Z', '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.9999999Z',
    // Accepted today only because Date.parse reads them: the fast check must accept them too.
    '2024-05-01T10:00', '2024-05-01t10:00:00z', '2024-05-01T10:00:00+0200', '2024-05-01T10:00:00.123456789Z',
    '2024-02-30T00:00:00Z', '2023-02-29T12:00:00', '2024-01-01T24:00:00Z',
  ],
  base64: ['', 'AAE=', 'AAAAAAAAB9E=', 'ab+/', 'QQ==', 'QUJD'],
  taskType: [0, 1, 2, 3, 4, 5, 6, 7, -0, 'RenderThumbnails', 'renderthumbnails', ' VolumeCompression ', 'UNKNOWN', 'helloWorld'],
  batchTaskStatus: [0, 1, 2, 3, 4, 'Running', 'cancelled', 'PENDING ', 'Failed'],
  taskFolderStatus: [0, 1, 2, 3, 'InProgress', 'inprogress', 'FAILED', 'completed'],
  stringList: [[], ['idempotency-key'], ['idempotency-key', 'x'], ['']],
};

const invalidValues: Record<Exclude<Kind, 'batchTask'>, readonly unknown[]> = {
  string: [1, 0, true, [], {}, Number.NaN, ['a']],
  intId: [2_147_483_648, -2_147_483_649, 1.5, Number.NaN, Infinity, -Infinity, '1', true, 2 ** 53, 2 ** 53 + 2, 1e21, [], {}],
  percent: [-1, 100.0001, 101, -1e-9, Number.NaN, Infinity, -Infinity, '50', false],
  boolean: ['true', 1, 0, 'false', []],
  date: [
    '', '2024', 'yesterday', '2024-05-01', '2024-13-01T00:00:00Z', '2024-01-32T00:00:00Z', '2024-00-10T00:00:00Z',
    '2024-01-01T24:00:01Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00:00+24:00',
    '2024-01-01T00:00:00.Z', '2024-01-01 00:00:00Z', 1_714_557_600_000, {}, true,
  ],
  base64: ['A===', '-_', 'AA E=', 'é', 'AA=A', 'AAE=\n', 1, []],
  taskType: [8, 99, -1, 1.5, 'Sleeping', 'constructor', '__proto__', 'toString', '', 'Render Thumbnails', true, Number.NaN, Infinity, {}, []],
  batchTaskStatus: [5, -1, 0.5, 'Done', 'valueOf', '', false, Number.NaN, '1'],
  taskFolderStatus: [4, 'Running', 'hasOwnProperty', ' ', true, -0.5],
  stringList: ['idempotency-key', [1], [null], ['a', 2], {}, true, 0],
};

const extras: readonly [string, unknown][] = [
  ['gpu', 'big'], ['tags', [1, 2]], ['__proto__', { polluted: 'yes', id: 999 }], ['constructor', { prototype: { polluted: 'yes' } }],
  ['__PROTO__', { polluted: 'yes' }], ['Constructor', 1], ['toString', 'x'], ['hasOwnProperty', 1],
];

function valueOf(kind: Kind, valid: boolean, depth: number): unknown {
  if (kind === 'batchTask') {
    if (valid) return generateObject('batchTask', true, depth + 1);
    return chance(0.3) ? pick([1, 'task', [], true]) : generateObject('batchTask', false, depth + 1);
  }
  return pick(valid ? validValues[kind] : invalidValues[kind]);
}

/** The key as written by a server: usually exact, else PascalCase, upper or lower case. */
function spell(key: string, pascal: boolean): string {
  if (pascal) return `${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  const roll = random();
  if (roll < 0.75) return key;
  if (roll < 0.85) return `${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  return roll < 0.95 ? key.toUpperCase() : key.toLowerCase();
}

/** An object with these own properties, in this order, made as JSON.parse makes them (`__proto__` included). */
function build(entries: readonly (readonly [string, unknown])[], prototype: object | null = Object.prototype): Record<string, unknown> {
  const object = Object.create(prototype) as Record<string, unknown>;
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/**
 * A model object as a server might send it. Valid: every field a valid value (optional ones sometimes null,
 * undefined or missing). Not valid: one field broken (a wrong value, a required one missing or null). Either may
 * have keys in other letter cases, a duplicate of a key in another case, unknown keys and `__proto__` keys.
 */
function generateObject(name: ModelName, valid: boolean, depth = 0): Record<string, unknown> {
  const { fields } = models[name] as Model;
  const broken = valid ? -1 : Math.floor(random() * fields.length);
  const pascal = chance(0.1);
  const entries: [string, unknown][] = [];
  fields.forEach((field, index) => {
    const key = spell(field.key, pascal);
    if (index === broken) {
      const roll = random();
      if (field.absent === 'required' && roll < 0.2) return;
      entries.push([key, field.absent === 'required' && roll < 0.35 ? null : valueOf(field.kind, false, depth)]);
      return;
    }
    if (field.absent !== 'required' && chance(0.3)) {
      const roll = random();
      if (roll < 0.5) entries.push([key, null]);
      else if (roll < 0.6) entries.push([key, undefined]);
      return;
    }
    entries.push([key, depth > 2 ? null : valueOf(field.kind, true, depth)]);
  });
  if (chance(0.2)) {
    const field = pick(fields);
    const variant = field.key === field.key.toUpperCase() ? field.key.toLowerCase() : field.key.toUpperCase();
    entries.splice(Math.floor(random() * (entries.length + 1)), 0, [variant, valueOf(field.kind, chance(0.5), depth + 1)]);
  }
  if (chance(0.3)) entries.push(pick(extras));
  if (chance(0.2)) entries.push(pick(extras));
  if (chance(0.3)) entries.sort(() => random() - 0.5);
  return build(entries);
}

/** An answer of a rule: one object or a list of them (sometimes null, empty, or not a list at all). */
function generateAnswer(model: ModelName, list: boolean, valid: boolean): unknown {
  if (!list) return valid || chance(0.9) ? generateObject(model, valid) : pick([null, undefined, 1, 'x', [], [generateObject(model, true)]]);
  if (valid) return chance(0.1) ? null : Array.from({ length: Math.floor(random() * 5) }, () => generateObject(model, true));
  const items: unknown[] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => generateObject(model, true));
  if (chance(0.15)) return pick([undefined, {}, 'x', 1, true]);
  items[Math.floor(random() * items.length)] = chance(0.8) ? generateObject(model, false) : pick([null, undefined, 1, 'x', []]);
  return items;
}

interface Tally {
  accepted: number;
  rejected: number;
  mismatches: string[];
}

/** Runs the fast check and zod on `input`; records a mismatch in acceptance or in the value. */
function compare(schema: z.ZodType, input: unknown, tally: Tally): void {
  const check = fastCheckOf(schema);
  if (check === undefined) throw new Error('no fast check');
  const fast = check(input);
  const slow = schema.safeParse(input);
  const describe = () => JSON.stringify(input, (_, value: unknown) => (value === undefined ? '<undefined>' : value));
  if (slow.success !== (fast !== NOT_VALID)) {
    tally.mismatches.push(`zod ${slow.success ? 'accepts' : 'rejects'}, fast check ${fast === NOT_VALID ? 'rejects' : 'accepts'}: ${describe()}`);
    return;
  }
  if (!slow.success) {
    tally.rejected += 1;
    return;
  }
  tally.accepted += 1;
  // Strict deep equality: prototypes, -0 against 0, undefined against a missing key; then the key order.
  if (!isDeepStrictEqual(fast, slow.data) || JSON.stringify(fast) !== JSON.stringify(slow.data)) {
    tally.mismatches.push(`values differ: fast ${JSON.stringify(fast)} zod ${JSON.stringify(slow.data)} for ${describe()}`);
  }
  if (typeof input === 'object' && input !== null && fast === input) tally.mismatches.push(`input returned as output: ${describe()}`);
}

const newTally = (): Tally => ({ accepted: 0, rejected: 0, mismatches: [] });

describe('fast checks', () => {
  it('cover every JSON answer rule of the operations table, and the test covers every one of those', () => {
    const rules = jsonRules();
    expect(rules.map((rule) => rule.label).sort()).toEqual(Object.keys(answerModels).sort());
    for (const rule of rules) expect(fastCheckOf(rule.schema), rule.label).toBeDefined();
  });

  it.each(Object.keys(models) as ModelName[])('test every field of the %s model', (name) => {
    // The models are z.lazy (built on first use): their shape is the inner schema's.
    const { schema: model } = models[name] as Model;
    const schema = model instanceof z.ZodLazy ? model._zod.innerType : model;
    const shape = schema instanceof z.ZodPipe && schema.out instanceof z.ZodObject ? Object.keys(schema.out.shape) : [];
    expect((models[name] as Model).fields.map((field) => field.key)).toEqual(shape);
  });

  it.each(Object.keys(models) as ModelName[])('accept exactly what zod accepts, with the same value, for %s', (name) => {
    const { schema } = models[name] as Model;
    const valid = newTally();
    const invalid = newTally();
    for (let i = 0; i < 2000; i += 1) {
      compare(schema, generateObject(name, true), valid);
      compare(schema, generateObject(name, false), invalid);
    }
    expect([...valid.mismatches, ...invalid.mismatches].slice(0, 5)).toEqual([]);
    // Both answers are exercised: the generators mostly make what they mean to.
    expect(valid.accepted).toBeGreaterThan(1900);
    expect(invalid.rejected).toBeGreaterThan(1900);
  });

  it.each(Object.keys(answerModels))('accept exactly what zod accepts, with the same value, for the %s answer', (label) => {
    const rule = jsonRules().find((candidate) => candidate.label === label);
    const { model, list } = answerModels[label] as { model: ModelName; list: boolean };
    if (rule === undefined) throw new Error(`no rule ${label}`);
    const valid = newTally();
    const invalid = newTally();
    for (let i = 0; i < 500; i += 1) {
      compare(rule.schema, generateAnswer(model, list, true), valid);
      compare(rule.schema, generateAnswer(model, list, false), invalid);
    }
    expect([...valid.mismatches, ...invalid.mismatches].slice(0, 5)).toEqual([]);
    expect(valid.accepted).toBeGreaterThan(450);
    expect(invalid.rejected).toBeGreaterThan(450);
  });

  it('accept exactly what zod accepts for values that are not objects', () => {
    const tally = newTally();
    const odd = [null, undefined, 0, 1, '', 'x', true, [], [{}], new Date(0), Number.NaN, Symbol('s'), () => 1, 1n];
    for (const rule of jsonRules()) for (const input of odd) compare(rule.schema, input, tally);
    expect(tally.mismatches).toEqual([]);
  });

  it('read objects without a prototype, or with one of their own, as zod does', () => {
    const tally = newTally();
    const task = { id: 1, name: 'n', type: 1, status: 0, createdAt: '2024-05-01T10:00:00Z' };
    const entries = Object.entries(task);
    const inputs = [
      build(entries, null),
      build(entries.filter(([key]) => key !== 'name'), { name: 'inherited' }),
      build([...entries.filter(([key]) => key !== 'name'), ['Name', 'own']], { name: 'inherited' }),
      build(entries, { parameters: 'inherited', rowVersion: 'AAE=' }),
      build([...entries, ['ROWVERSION', 'QQ==']], { rowVersion: 'inherited!' }),
    ];
    for (const input of inputs) compare(batchTaskSchema, input, tally);
    for (let i = 0; i < 500; i += 1) {
      const generated = generateObject('batchTask', chance(0.5));
      compare(batchTaskSchema, build(Object.entries(generated), chance(0.5) ? null : { name: 'inherited', rowVersion: 'QQ==' }), tally);
    }
    expect(tally.mismatches).toEqual([]);
  });

  it('read as zod does while Object.prototype carries a key of a model', () => {
    const tally = newTally();
    const prototype = Object.prototype as Record<string, unknown>;
    Object.defineProperty(prototype, 'rowVersion', { value: 'QQ==', configurable: true, writable: true });
    Object.defineProperty(prototype, 'filePath', { value: '/polluted', configurable: true, writable: true });
    try {
      for (let i = 0; i < 500; i += 1) {
        compare(batchTaskSchema, generateObject('batchTask', chance(0.5)), tally);
        compare(fileLockSchema, generateObject('fileLock', chance(0.5)), tally);
      }
    } finally {
      delete prototype.rowVersion;
      delete prototype.filePath;
    }
    expect(tally.mismatches).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(0);
  });

  it('never let an answer reach a prototype', () => {
    for (let i = 0; i < 500; i += 1) fastCheckOf(batchTaskSchema)?.(generateObject('batchTask', true));
    const hostile = JSON.parse('{"id":1,"name":"n","type":1,"status":0,"createdAt":"2024-05-01T10:00:00Z",'
      + '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown;
    const value = fastCheckOf(batchTaskSchema)?.(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('read a PascalCase answer on the fast path', () => {
    const pascal = {
      Id: 3, Name: 'x', Type: 'RenderThumbnails', Status: 1, CreatedAt: '2024-05-01T10:00:00Z', AssignedNodeId: 'n1',
      ROWVERSION: 'AAE=',
    };
    const value = fastCheckOf(batchTaskSchema)?.(pascal);
    expect(value).not.toBe(NOT_VALID);
    expect(value).toStrictEqual(batchTaskSchema.parse(pascal));
  });

  it('leave a model with a plain zod field to zod, and a model with a __proto__ or a symbol key', () => {
    expect(fastCheckOf(wireObject({ id: wireString, name: z.string() }))).toBeUndefined();
    expect(fastCheckOf(wireList(wireObject({ id: wireString, name: z.string() })))).toBeUndefined();
    expect(fastCheckOf(nullable(z.string()))).toBeUndefined();
    expect(fastCheckOf(wireObject({ ['__proto__']: wireString, id: wireString }))).toBeUndefined();
    expect(fastCheckOf(wireObject({ [Symbol('s')]: wireString, id: wireString }))).toBeUndefined();
    expect(fastCheckOf(wireObject({ id: wireString }))).toBeDefined();
  });

  it('read an object of no fields, and keys that need quoting, as zod does', () => {
    const tally = newTally();
    const odd = wireObject({ 'a "quoted" key': wireString, 'line\nbreak': nullable(wireString), '0': wireString, 'café': wireString });
    const none = wireObject({});
    const inputs = [{}, { 'a "quoted" key': 'q', 'line\nbreak': 'l', 0: 'zero', 'café': 'c' }, { 'A "QUOTED" KEY': 'q', 0: 'z', 'CAFÉ': 'c' }, [], null];
    for (const input of inputs) {
      compare(odd, input, tally);
      compare(none, input, tally);
    }
    expect(tally.mismatches).toEqual([]);
    expect(tally.accepted).toBeGreaterThanOrEqual(4);
  });

  it('leave every model to zod where code generation is off, which still reads answers', { timeout: 60_000 }, () => {
    const child = fileURLToPath(new URL('fixtures/noCodeGeneration.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', child], { encoding: 'utf8' });
    const task = { id: 7, name: 'render', type: 3, status: 1, createdAt: '2024-05-01T10:00:00Z' };
    expect(JSON.parse(output)).toEqual({
      fastCheck: false,
      valid: { ok: true, value: [batchTaskSchema.parse(task)] },
      bad: { ok: false, message: 'getTasks: invalid response (shape): 0.status: "Sleeping" is not a BatchTaskStatus '
        + '(Pending=0, Running=1, Completed=2, Failed=3, Cancelled=4)' },
    });
  });
});

/** The rule's schema behind a pipe of its own: no fast check, so decodeAnswer reads with zod alone, as before. */
function zodOnly(schema: z.ZodType): z.ZodType {
  const piped = z.unknown().pipe(schema);
  expect(fastCheckOf(piped)).toBeUndefined();
  return piped;
}

function sameDecoded(fast: Decoded<unknown>, slow: Decoded<unknown>): string | undefined {
  if (fast.ok !== slow.ok) return `ok ${String(fast.ok)} against ${String(slow.ok)}`;
  if (fast.ok && slow.ok) return isDeepStrictEqual(fast.value, slow.value) ? undefined : 'values differ';
  if (fast.ok || slow.ok) return 'unreachable';
  const [a, b] = [fast.error, slow.error];
  if (!(a instanceof InvalidResponseError) || !(b instanceof InvalidResponseError)) return 'not an InvalidResponseError';
  if (a.message !== b.message) return `messages differ: ${a.message} / ${b.message}`;
  if (a.reason !== b.reason || a.bodySnippet !== b.bodySnippet || a.status !== b.status) return 'fields differ';
  const issues = (error: InvalidResponseError) => (error.cause instanceof z.ZodError ? error.cause.issues : error.cause);
  return isDeepStrictEqual(issues(a), issues(b)) ? undefined : 'zod issues differ';
}

describe('decodeAnswer with fast checks', () => {
  it.each(Object.keys(answerModels))('gives the value or the error zod alone gives, for %s JSON answers', (label) => {
    const rule = jsonRules().find((candidate) => candidate.label === label);
    const { model, list } = answerModels[label] as { model: ModelName; list: boolean };
    if (rule === undefined) throw new Error(`no rule ${label}`);
    const name = label.split(' ')[0] as (typeof operationNames)[number];
    const spec = operations[name];
    const reference = rule.status === 200
      ? { name, answer: { kind: 'json', schema: zodOnly(rule.schema) }, onStatus: spec.onStatus }
      : { name, answer: spec.answer, onStatus: { ...spec.onStatus, [rule.status]: { kind: 'json', schema: zodOnly(rule.schema) } } };
    const differences: string[] = [];
    let failures = 0;
    for (let i = 0; i < 400; i += 1) {
      const body = JSON.stringify(generateAnswer(model, list, chance(0.5))) ?? '';
      const answer = { status: rule.status, body, contentType: 'application/json', retryAfter: undefined };
      const fast = decodeAnswer(spec, answer, 0) as Decoded<unknown>;
      const slow = decodeAnswer(reference as unknown as typeof spec, answer, 0) as Decoded<unknown>;
      if (!slow.ok) failures += 1;
      const difference = sameDecoded(fast, slow);
      if (difference !== undefined) differences.push(`${difference}: ${body}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(failures).toBeGreaterThan(50);
    expect(failures).toBeLessThan(350);
  });
});
