import type { TaskTypeName } from '../../../src/api/models/index.js';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { isOutcomeUnknownError } from '../../../src/errors/index.js';
import { CREATOR_CONNECTION } from './settings.js';

const TYPES: readonly TaskTypeName[] = ['HelloWorld', 'TestMessage', 'FileProcessing', 'RenderThumbnails'];

/** Calls of createTask for one name at most: the first, and one more per unknown outcome the lookup did not find. */
const CALLS_PER_NAME = 5;

/** Task `name`'s type, from its number: HelloWorld, TestMessage, FileProcessing, RenderThumbnails (no handler: Failed). */
export function typeOfTask(index: number): TaskTypeName {
  return TYPES[index % TYPES.length] ?? 'HelloWorld';
}

/** What a creator did. */
export interface CreatorOutcome {
  /** Names whose createTask resolved, or whose unknown outcome the lookup found applied. */
  readonly created: string[];
  /** Names whose createTask rejected, with the error. */
  readonly failed: { readonly name: string; readonly error: string }[];
}

/**
 * Creates tasks `task-<from>` .. `task-<to - 1>` through `url` with an Enhanced client, `inFlight` at a time. It
 * asks the server's health first, so it knows whether the server honours Idempotency-Key (the reference server
 * does, a `--no-idempotency` one does not). Against a server that honours it, each createTask is one call that
 * retries with the same key until it succeeds or its deadline passes (see CREATOR_CONNECTION) and is never called
 * again for the same name, so any second copy on the server is a retry the server applied twice. Against one that
 * does not, a call whose answer was lost ends with OutcomeUnknownError and the creator does what a caller should:
 * it looks the name up, and calls again only when the server does not have it.
 */
export class TaskCreator {
  private readonly api: EnhancedApiClient;
  private probed: Promise<unknown> | undefined;
  /** Unknown outcomes met, and how many of those the lookup found applied. */
  readonly unknownOutcomes = { met: 0, foundApplied: 0 };

  constructor(url: string) {
    this.api = new EnhancedApiClient(url, { connection: CREATOR_CONNECTION });
  }

  async create(from: number, to: number, inFlight = 2): Promise<CreatorOutcome> {
    this.probed ??= this.api.getConnectionHealth();
    await this.probed;
    const outcome: CreatorOutcome = { created: [], failed: [] };
    let next = from;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < to; i = next++) {
        const name = `task-${i}`;
        try {
          await this.createOnce(name, i);
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

  private async createOnce(name: string, index: number): Promise<void> {
    const type = typeOfTask(index);
    const draft = { name, type, parameters: type === 'TestMessage' ? JSON.stringify({ message: `message ${index}` }) : null };
    for (let call = 1; ; call += 1) {
      try {
        await this.api.createTask(draft);
        return;
      } catch (error) {
        if (!isOutcomeUnknownError(error) || call >= CALLS_PER_NAME) throw error;
        this.unknownOutcomes.met += 1;
        if ((await this.api.getTasks()).some((task) => task.name === name)) {
          this.unknownOutcomes.foundApplied += 1;
          return;
        }
      }
    }
  }
}
