/** Counts unhandled promise rejections in this process from `start()` until the returned `stop()`. */
export function countUnhandledRejections(): { readonly count: () => number; readonly reasons: string[]; stop(): void } {
  const reasons: string[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  };
  process.on('unhandledRejection', listener);
  return { count: () => reasons.length, reasons, stop: () => process.removeListener('unhandledRejection', listener) };
}
