import type { OperationArgs, OperationName, OperationResult } from '../../api/operations/index.js';
import { EnhancedApiClient } from '../../clients/EnhancedApiClient.js';
import type { EnhancedApiClientOptions } from '../../pipeline/options.js';
import type { EndpointCallTally } from './callTally.js';

/**
 * An EnhancedApiClient (its own breaker, pool and retries, as the MultiEndpointClient's default) that tells
 * `tally` of every call it takes and every one its server answers: the demo's calls per endpoint, counted where
 * the call really goes rather than inferred from the selection.
 */
export class CountingEnhancedApiClient extends EnhancedApiClient {
  constructor(baseUrl: string, options: EnhancedApiClientOptions, private readonly tally: EndpointCallTally) {
    super(baseUrl, options);
  }

  protected override async invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    this.tally.sent(this.baseUrl);
    const answer = await super.invoke(operation, args);
    this.tally.answered(this.baseUrl);
    return answer;
  }
}
