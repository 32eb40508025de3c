/** Calls per endpoint, all nodes together: sent to the endpoint's client, and answered by it. */
export class EndpointCallTally {
  private readonly sentTo = new Map<string, number>();
  private readonly answeredBy = new Map<string, number>();

  /** Starts every count at 0, so an endpoint no call reached still shows. */
  constructor(urls: readonly string[]) {
    for (const url of urls) {
      this.sentTo.set(url, 0);
      this.answeredBy.set(url, 0);
    }
  }

  /** A call went to `url`'s client (refused by its breaker, failed or answered). */
  sent(url: string): void {
    this.sentTo.set(url, (this.sentTo.get(url) ?? 0) + 1);
  }

  /** `url`'s server answered a call with success. */
  answered(url: string): void {
    this.answeredBy.set(url, (this.answeredBy.get(url) ?? 0) + 1);
  }

  /** Calls sent, keyed by URL. */
  calls(): Record<string, number> {
    return Object.fromEntries(this.sentTo);
  }

  /** Calls answered with success, keyed by URL. */
  answers(): Record<string, number> {
    return Object.fromEntries(this.answeredBy);
  }
}
