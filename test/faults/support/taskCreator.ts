import type { TaskTypeName } from '../../../src/api/models/index.js';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { CREATOR_CONNECTION } from './settings.js';

const TYPES: readonly TaskTypeName[] = ['HelloWorld', 'TestMessage', 'FileProcessing', 'RenderThumbnails'];

/** Task `name`'s type, from its number: HelloWorld, TestMessage, FileProcessing, RenderThumbnails (no handler: Failed). */
export function typeOfTask(index: number): TaskTypeName {
  return TYPES[index % TYPES.length] ?? 'HelloWorld';
}

/** What a creator did. */
export interface CreatorOutcome {
  /** Names whose createTask resolved. */
  readonly created: string[];
  /** Names whose createTask rejected, with the error. */
  readonly failed: { readonly name: string; readonly error: string }[];
}

/**
 * Creates tasks `task-<from>` .. `task-<to - 1>` through `url` with an Enhanced client, `inFlight` at a time. Each
 * createTask is one call that retries with the same Idempotency-Key until it succeeds or its deadline passes (see
 * CREATOR_CONNECTION); it is never called again for the same name, so any second copy on the server is a retry
 * the server applied twice.
 */
export class TaskCreator {
  private readonly api: EnhancedApiClient;

  constructor(url: string) {
    this.api = new EnhancedApiClient(url, { connection: CREATOR_CONNECTION });
  }

  async create(from: number, to: number, inFlight = 2): Promise<CreatorOutcome> {
    const outcome: CreatorOutcome = { created: [], failed: [] };
    let next = from;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < to; i = next++) {
        const name = `task-${i}`;
        const type = typeOfTask(i);
        try {
          await this.api.createTask({ name, type, parameters: type === 'TestMessage' ? JSON.stringify({ message: `message ${i}` }) : null });
          outcome.created.push(name);
        } catch (error) {
          outcome.failed.push({ name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return outcome;
  }

  dispose(): Promise<void> {
    return this.api.dispose();
  }
}
