import { afterEach, describe, expect, it } from 'vitest';
import { disposeManagers, flush, startManager } from './support/startManager.js';

afterEach(disposeManagers);

describe('ConnectionManager: manual switching', () => {
  it('starts on the Enhanced client by default, on the Standard one with useEnhancedClient false', () => {
    expect(startManager().manager.currentClientType).toBe('enhanced');
    const standard = startManager({ useEnhancedClient: false });
    expect(standard.manager.currentClientType).toBe('standard');
    expect(standard.factory.types()).toEqual(['standard']);
    expect(standard.manager.status).toEqual({ client: 'standard', link: 'healthy', isHealthy: true, circuitBreakerOpen: false, lastError: null });
  });

  it('switchToStandardClient tests the new client, then routes new calls to it and resolves true', async () => {
    const c = startManager();
    const result = await c.manager.switchToStandardClient();
    expect(result).toBe(true);
    expect(c.manager.currentClientType).toBe('standard');
    const [enhanced, standard] = c.factory.created;
    expect(standard?.healthChecks).toBe(1);
    await c.manager.client.sendHeartbeat('node-1');
    expect(standard?.served).toEqual(['sendHeartbeat']);
    expect(enhanced?.served).toEqual([]);
    expect(enhanced?.disposed).toBe(true);
    expect(c.statuses).toEqual(['standard/healthy']);
    expect(c.messages).toEqual(['Switching to standard client', 'Switch to standard client succeeded; standard client is now in use']);
  });

  it('reverts when the new client fails its test: resolves false, keeps the current client, disposes the candidate', async () => {
    const c = startManager({ useEnhancedClient: false });
    c.server.brokenTypes.add('enhanced');
    await expect(c.manager.switchToEnhancedClient()).resolves.toBe(false);
    expect(c.manager.currentClientType).toBe('standard');
    const [standard, candidate] = c.factory.created;
    expect(candidate?.disposed).toBe(true);
    expect(standard?.disposed).toBe(false);
    await c.manager.client.sendHeartbeat('node-1');
    expect(standard?.served).toEqual(['sendHeartbeat']);
    expect(c.statuses).toEqual([]);
    expect(c.messages.at(-1)).toBe(
      'Switch to enhanced client failed (The new enhanced client failed its connection test: connect ECONNREFUSED 127.0.0.1:5289); staying on standard client',
    );
  });

  it('recreateConnection replaces the client with a fresh one of the same kind', async () => {
    const c = startManager();
    await expect(c.manager.recreateConnection()).resolves.toBe(true);
    expect(c.factory.types()).toEqual(['enhanced', 'enhanced']);
    expect(c.factory.created[0]?.disposed).toBe(true);
    expect(c.factory.created[1]?.disposed).toBe(false);
    expect(c.manager.currentClientType).toBe('enhanced');
  });

  it('asking for the client already in use resolves true without creating one', async () => {
    const c = startManager();
    await expect(c.manager.switchToEnhancedClient()).resolves.toBe(true);
    expect(c.factory.created).toHaveLength(1);
  });

  it('a second identical request joins the first; a different one waits for it', async () => {
    const c = startManager();
    const first = c.manager.switchToStandardClient();
    const second = c.manager.switchToStandardClient();
    const back = c.manager.switchToEnhancedClient();
    expect(second).toBe(first);
    await expect(Promise.all([first, second, back])).resolves.toEqual([true, true, true]);
    expect(c.factory.types()).toEqual(['enhanced', 'standard', 'enhanced']);
    expect(c.manager.currentClientType).toBe('enhanced');
  });

  it('keeps calls running on the old client until they finish and disposes it only then', async () => {
    const c = startManager();
    c.server.holdCalls = true;
    const before = Array.from({ length: 5 }, () => c.manager.client.sendHeartbeat('n'));
    await flush();
    await expect(c.manager.switchToStandardClient()).resolves.toBe(true);
    const after = Array.from({ length: 3 }, () => c.manager.client.sendHeartbeat('n'));
    const [enhanced, standard] = c.factory.created;
    expect(enhanced?.running).toBe(5);
    expect(standard?.running).toBe(3);
    expect(enhanced?.disposed).toBe(false);
    expect(c.manager.actor.getSnapshot().context.client).toBe('standard');

    c.server.release();
    await expect(Promise.all([...before, ...after])).resolves.toEqual(Array(8).fill(true));
    await flush();
    expect(enhanced?.disposed).toBe(true);
    expect(enhanced?.inFlightAtDispose).toBe(0);
    expect(enhanced?.served).toHaveLength(5);
    expect(standard?.served).toHaveLength(3);
  });

  it('refuses a switch while a recovery runs and resolves false', async () => {
    const c = startManager();
    c.server.holdHealth = true;
    c.manager.actor.send({ type: 'RECOVER', at: c.clock.now() });
    c.manager.actor.send({ type: 'BREAKER.OPENED', at: c.clock.now() });
    c.manager.actor.send({ type: 'RECOVER', at: c.clock.now() });
    expect(c.link()).toBe('recovering');
    await expect(c.manager.switchToStandardClient()).resolves.toBe(false);
    expect(c.messages).toContain('Recovery in progress; SWITCH_TO_STANDARD ignored');
    expect(c.manager.currentClientType).toBe('enhanced');
  });
});
