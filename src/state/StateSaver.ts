import { writeStateFile } from './stateFile.js';
import type { SavedConnectionState } from './types.js';

/**
 * Saves a state file whenever asked, coalescing: at most one write runs at a time, and requests made meanwhile
 * lead to one more write, of the state as it is when that write starts. So a burst of transitions costs two
 * writes at most, the file always ends with the latest state, and no timer is involved.
 */
export class StateSaver {
  private writing: Promise<void> | null = null;
  private dirty = false;

  /**
   * @param capture the state to write, read when a write starts
   * @param onError a failed write (a `StateFileError` naming the file); the saver carries on
   */
  constructor(
    readonly file: string,
    private readonly capture: () => SavedConnectionState,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Asks for a save; returns at once. */
  request(): void {
    this.dirty = true;
    this.writing ??= this.drain();
  }

  /** Resolves once every save requested so far is written (or has failed and been reported). */
  async flush(): Promise<void> {
    while (this.writing !== null) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      // Read the state after the transition that asked for the save has finished (a listener may ask mid-way).
      await Promise.resolve();
      while (this.dirty) {
        this.dirty = false;
        try {
          await writeStateFile(this.file, this.capture());
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
