/**
 * The result message a node writes with its claim (`Running` + rowVersion). It makes a claim recognisable
 * afterwards: when the claim's answer is lost, or a retried claim meets a 409, the task's current copy shows
 * whether this node is the one that got it, and a node that restarts finds the tasks it left Running.
 */
export function claimMarker(nodeId: string): string {
  return `Running on node ${nodeId}`;
}
