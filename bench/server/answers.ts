/** The fixed answers of the benchmark server: small, and valid for the clients' schemas. */

function task(id: number): Record<string, unknown> {
  return {
    id,
    name: `Render batch ${id}`,
    type: 1,
    status: 0,
    assignedNodeId: null,
    assignedNodeIds: '[]',
    createdAt: '2026-01-15T10:00:00Z',
    startedAt: null,
    completedAt: null,
    parameters: '{"frames":24}',
    resultMessage: null,
    rowVersion: 'AAAAAAAAB9E=',
  };
}

/** `GET api/tasks`: three pending tasks (about 900 bytes). */
export const tasksBody = Buffer.from(JSON.stringify([task(1), task(2), task(3)]));

/** `GET api/health`. */
export const healthBody = Buffer.from(JSON.stringify({ status: 'healthy', timestamp: '2026-01-15T10:00:00Z', version: 'bench-1.0' }));
