import { AxiosError, AxiosHeaders } from 'axios';
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { tasksBody } from '../server/answers.js';
import type { EventClock } from './eventClock.js';
import { PerSecondCounter } from './rates.js';

/** When the simulated server is down, in simulated ms. */
export interface Outage {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Answer times of the simulated server, simulated ms. */
const ANSWER_MS = 2;
const REFUSE_MS = 1;

/**
 * The server of the herd, as an axios adapter on the simulated clock: while up it answers `GET api/tasks` with
 * the benchmark's task list after 2 ms, during the outage every connection is refused after 1 ms (a process
 * that is down). It counts every request that reaches it, per simulated second.
 */
export class SimulatedServer {
  readonly received = new PerSecondCounter();
  readonly adapter: AxiosAdapter;
  private readonly body = tasksBody.toString('utf8');

  constructor(private readonly clock: EventClock, private readonly outage: Outage) {
    this.adapter = (config) => this.handle(config);
  }

  /** True while the server is down at simulated time `atMs`. */
  isDown(atMs: number): boolean {
    return atMs >= this.outage.fromMs && atMs < this.outage.toMs;
  }

  private handle(config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
    const sentAt = this.clock.now();
    this.received.count(sentAt);
    const down = this.isDown(sentAt);
    return new Promise<AxiosResponse>((resolve, reject) => {
      const signal = config.signal as AbortSignal | undefined;
      const onAbort = () => {
        this.clock.clearTimeout(timer);
        reject(new AxiosError('canceled', AxiosError.ERR_CANCELED, config));
      };
      const timer = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        if (down) {
          reject(new AxiosError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', config));
          return;
        }
        resolve({
          data: this.body,
          status: 200,
          statusText: 'OK',
          headers: AxiosHeaders.from({ 'content-type': 'application/json; charset=utf-8' }),
          config,
          request: {},
        });
      }, down ? REFUSE_MS : ANSWER_MS);
      if (signal?.aborted === true) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
