import { integerKey, numberKey } from './keySpec.js';

/**
 * The `Outbox` section: limits of an offline outbox file (`openOutbox`) and how widely it is delivered.
 * Keys this design adds; the .NET clients had no outbox.
 */
export const outboxKeys = {
  maxEntries: integerKey('MaxEntries', { min: 1, max: 10_000_000 }, {
    defaultValue: 10_000,
    description: 'Most entries pending at once; an enqueue beyond it throws OutboxFullError and queues nothing.',
  }),
  maxBytes: integerKey('MaxBytes', { min: 1_024, max: 68_719_476_736 }, {
    defaultValue: 67_108_864,
    description: 'Most bytes of pending entries\' arguments (JSON); an enqueue beyond it throws OutboxFullError.',
  }),
  maxAgeHours: numberKey('MaxAgeHours', { min: 0, minExclusive: true, max: 87_600 }, {
    defaultValue: 168,
    description: 'Age after which a pending entry moves to the dead letters with reason expired.',
  }),
  maxConcurrentEntities: integerKey('MaxConcurrentEntities', { min: 1, max: 256 }, {
    defaultValue: 4,
    description: 'Entities (a task, a folder, a node) delivered at once; each entity\'s entries go one at a time, in order.',
  }),
} as const;
