/** Counts of `process.getActiveResourcesInfo()` by kind (`TCPSocketWrap`, `Timeout`, ...). */
export function activeResourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
