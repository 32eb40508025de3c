import type { ClientType } from '../../../../machines/types.js';
import type { ApiClient } from '../../../../src/api/ApiClient.js';
import { EnhancedApiClient } from '../../../../src/clients/EnhancedApiClient.js';
import type { EnhancedApiClientOptions } from '../../../../src/pipeline/options.js';
import type { OperationArgs, OperationName, OperationResult } from '../../../../src/api/operations/index.js';
import { StandardApiClient } from '../../../../src/clients/StandardApiClient.js';
import type { ClientFactory } from '../../../../src/manager/options.js';

/** What a recording client tells the test. */
export interface Recording {
  readonly type: ClientType;
  /** Calls running now. */
  readonly running: number;
  /** Calls that settled, whatever their outcome. */
  readonly settled: number;
  /** Calls running when `dispose()` was first called; null while not disposed. */
  readonly inFlightAtDispose: number | null;
}

class RecordingStandardClient extends StandardApiClient implements Recording {
  readonly type = 'standard';
  running = 0;
  settled = 0;
  inFlightAtDispose: number | null = null;

  protected override invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    this.running += 1;
    return super.invoke(operation, args).finally(() => {
      this.running -= 1;
      this.settled += 1;
    });
  }

  override dispose(): Promise<void> {
    this.inFlightAtDispose ??= this.running;
    return super.dispose();
  }
}

class RecordingEnhancedClient extends EnhancedApiClient implements Recording {
  readonly type = 'enhanced';
  running = 0;
  settled = 0;
  inFlightAtDispose: number | null = null;

  protected override invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    this.running += 1;
    return super.invoke(operation, args).finally(() => {
      this.running -= 1;
      this.settled += 1;
    });
  }

  override dispose(): Promise<void> {
    this.inFlightAtDispose ??= this.running;
    return super.dispose();
  }
}

/**
 * A factory of the real clients that count their calls and note how many were running when disposed. Each
 * sends an `X-Client-Type` header so a test server can tell them apart.
 */
export function recordingFactory(enhanced: Omit<EnhancedApiClientOptions, 'headers'> = {}): { createClient: ClientFactory; created: (Recording & ApiClient)[] } {
  const created: (Recording & ApiClient)[] = [];
  return {
    created,
    createClient: (type, baseUrl) => {
      const headers = { 'X-Client-Type': type };
      const client = type === 'enhanced'
        ? new RecordingEnhancedClient(baseUrl, { ...enhanced, headers })
        : new RecordingStandardClient(baseUrl, { headers, delay: () => Promise.resolve() });
      created.push(client);
      return client;
    },
  };
}
