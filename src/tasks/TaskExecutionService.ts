import type { ApiClient } from '../api/ApiClient.js';
import { RequestAbortedError } from '../errors/RequestAbortedError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { backoffDelay } from './backoff.js';
import { claimMarker } from './claimMarker.js';
import { claimTask } from './claimTask.js';
import type { PendingDelivery } from './deliverResult.js';
import { deliverUntilSettled } from './deliverUntilSettled.js';
import type { SettledVerdict } from './deliverUntilSettled.js';
import type { TaskServiceCounters, TaskServiceEvents } from './events.js';
import { findWork } from './findWork.js';
import type { WorkCandidate } from './findWork.js';
import { Heartbeat } from './Heartbeat.js';
import { describeError } from './linkFailure.js';
import { LinkWatch } from './LinkWatch.js';
import { resolveServiceOptions } from './options.js';
import type { ResolvedServiceOptions, TaskExecutionServiceOptions } from './options.js';
import { raceAbort } from '../util/raceAbort.js';
import { runHandler } from './runHandler.js';
import { TaskRunContext } from './TaskRunContext.js';
import { OwnedTimers } from './TaskTimers.js';
import { isLockEntity, QueuedResults } from './queuedResults.js';
import type { QueuedDelivery } from './queuedResults.js';
import { settleQueued } from './settleQueued.js';
import type { QueuedVerdict } from './settleQueued.js';
import { TypedEmitter } from '../util/TypedEmitter.js';
import type { NodeIdentity } from './types.js';

/** Lifecycle of a {@link TaskExecutionService}. */
export type TaskServiceState = 'idle' | 'running' | 'stopping' | 'stopped' | 'disposed';

/**
 * A worker node on top of any {@link ApiClient} (Standard or Enhanced): registers the node, sends heartbeats,
 * claims one task at a time, runs its type's handler, reports the final status exactly once, releases locks.
 *
 * Exactly once: a claim is `Running` + the task's rowVersion + this node's marker; the final status is sent
 * with the claim's rowVersion and held in memory until the server is seen holding it. A repeat after a lost
 * answer meets a 409 showing our own result (the first send changed the rowVersion) and counts as delivered.
 * While a result is held or the link is down, no new work is claimed; the service resumes by itself. A handler
 * that fails because the server is unreachable does not fail its task: the task is handed back to Pending.
 *
 * `stop()` is graceful: no new claims, the current task runs to its end and its result is delivered (however
 * long the link is down). `dispose()` is not: it aborts the handler's signal, drops a held result (reported by
 * `deliveryAbandoned`; the task stays Running under this node, which adopts it when it runs again) and leaves
 * no timer behind.
 *
 * With an `outbox` (an OfflineClient), the held result is an entry of the outbox file instead, durable before the
 * service counts it held: a node killed (`kill -9`) while holding it delivers it after a restart on the same
 * file, once. The outbox delivers it (reconciling an entry found in flight by reading back); the service still
 * judges the answer by the rowVersion and claim-marker rules above. On start it first settles the results the
 * outbox holds from an earlier run, and claims nothing while a result, or a lock release, is still queued.
 * Progress reports of a known folder, lock releases the server cannot hear and heartbeats while the link is down
 * are queued there too. `dispose()` then leaves a held result in the outbox for the next run.
 *
 * @example
 * const service = new TaskExecutionService(api, { id: 'node-1', name: 'Render box' }, { pollIntervalMs: 2000 });
 * service.on('taskCompleted', (e) => console.log(`task ${e.taskId}: ${e.resultMessage}`));
 * service.start();
 * await service.stop();
 */
export class TaskExecutionService {
  /** The node this service runs as, with defaults filled in. */
  readonly node: Readonly<Required<NodeIdentity>>;
  private readonly settings: ResolvedServiceOptions;
  private readonly marker: string;
  private readonly timers: OwnedTimers;
  private readonly events: TypedEmitter<TaskServiceEvents>;
  private readonly link: LinkWatch;
  private readonly heartbeat: Heartbeat;
  // Aborted by dispose(): cuts handlers, waits and calls short.
  private readonly hard = new AbortController();
  // Aborted by stop() and dispose(): ends idle waits and claiming.
  private wake = new AbortController();
  private loop: Promise<void> | undefined;
  private disposing: Promise<void> | undefined;
  private lifecycle: TaskServiceState = 'idle';
  private registered = false;
  private pending: PendingDelivery | null = null;
  // With an outbox: results queued there, oldest first, and the view of the outbox that follows them.
  private readonly queued: QueuedResults | undefined;
  private held: QueuedDelivery[] = [];
  // Tasks whose result the server refused for good (a dead letter): still Running under our marker, but not
  // adopted again by this run, which would only make the same refused result once more.
  private readonly refused = new Set<number>();
  private consecutiveFailures = 0;
  private readonly unreleasedLocks = new Set<string>();
  private readonly tally: TaskServiceCounters = {
    claimed: 0, claimConflicts: 0, completed: 0, failed: 0, handedBack: 0, superseded: 0, deliveryAttempts: 0,
  };

  /** @throws {@link InvalidArgumentError} for a bad node or option, naming it. */
  constructor(private readonly api: ApiClient, node: NodeIdentity, options: TaskExecutionServiceOptions = {}) {
    this.settings = resolveServiceOptions(node, options);
    this.node = this.settings.node;
    this.marker = claimMarker(this.node.id);
    this.timers = new OwnedTimers(this.settings.timers);
    this.events = new TypedEmitter((name, error) => {
      this.settings.logger.warn(`A ${String(name)} listener threw: ${describeError(error)}`);
    });
    this.link = new LinkWatch(this.settings.link, {
      // Not through track(): a probe answering "unhealthy" is a resolved call, yet says the link is still down.
      probe: () => raceAbort(this.api.testConnection(), this.hard.signal, () => new RequestAbortedError('testConnection'))
        .catch(() => false),
      timers: this.timers,
      backoff: this.settings.deliveryBackoff,
      onDown: (reason) => this.events.emit('linkDown', { reason, at: this.settings.now() }),
      onUp: () => this.events.emit('linkUp', { at: this.settings.now() }),
    });
    this.heartbeat = new Heartbeat(this.timers, this.settings.heartbeatIntervalMs, () => this.beat());
    this.queued = this.settings.outbox === undefined ? undefined : new QueuedResults(this.settings.outbox);
  }

  /** Where the service is in its lifecycle. */
  get state(): TaskServiceState {
    return this.lifecycle;
  }

  /** A copy of the running totals. */
  get counters(): Readonly<TaskServiceCounters> {
    return { ...this.tally };
  }

  /** The result waiting to reach the server, if any (a copy); with an outbox, the oldest one queued there. */
  get pendingDelivery(): Readonly<PendingDelivery> | null {
    const held = this.pending ?? this.held[0]?.delivery ?? null;
    return held === null ? null : { ...held };
  }

  /** True while the service considers the link up. */
  get linkUp(): boolean {
    return this.link.isUp();
  }

  /** Timers armed now (0 after `dispose()`). */
  get activeTimerCount(): number {
    return this.timers.activeCount;
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof TaskServiceEvents>(name: K, listener: (event: TaskServiceEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /**
   * Starts working: register, heartbeat, look for work every `pollIntervalMs`. Does nothing while running.
   * After `stop()` it starts again.
   * @throws {@link InvalidArgumentError} after `dispose()`.
   */
  start(): void {
    if (this.lifecycle === 'disposed') {
      throw new InvalidArgumentError('TaskExecutionService.start', 'this', 'the service was disposed; create a new one');
    }
    if (this.lifecycle === 'running' || this.lifecycle === 'stopping') return;
    this.lifecycle = 'running';
    this.wake = new AbortController();
    // Results an earlier run (perhaps killed) left in the outbox are settled before anything is claimed.
    if (this.queued !== undefined && this.held.length === 0) this.held = this.queued.recover(this.marker);
    this.heartbeat.start();
    this.loop = this.run();
  }

  /**
   * Stops gracefully: claims nothing more, lets the current task finish and delivers its result, then
   * resolves. With the link down that waits until the server is back; use `dispose()` to give up instead.
   */
  async stop(): Promise<void> {
    if (this.lifecycle !== 'running') {
      await this.loop;
      return;
    }
    this.lifecycle = 'stopping';
    this.wake.abort();
    await this.heartbeat.stop();
    await this.loop;
    // Locks whose release could not reach the server are owed before the next claim; stopping means there is
    // no next claim, so release them now (one try each: a server still unreachable keeps them until a restart).
    await this.releaseLeftoverLocks().catch((error: unknown) => {
      this.settings.logger.warn(`Node ${this.node.id} stopped with file locks still held: ${describeError(error)}`);
    });
    if (this.lifecycle === 'stopping') this.lifecycle = 'stopped';
  }

  /**
   * Stops at once: aborts the handler's signal and every wait, stops waiting for calls in flight (the client's
   * own timeouts end them), drops a held result with `deliveryAbandoned`, clears every timer, unsubscribes
   * every listener. Idempotent.
   */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.hard.abort();
      this.wake.abort();
      await this.heartbeat.stop();
      await this.loop;
      if (this.pending !== null) {
        const { taskId, status, resultMessage } = this.pending;
        this.pending = null;
        this.events.emit('deliveryAbandoned', { taskId, status, resultMessage, at: this.settings.now() });
      }
      // Results queued in the outbox stay there: the next run on the same file settles them.
      this.held = [];
      this.queued?.dispose();
      this.timers.clearAll();
      this.link.dispose();
      this.events.clear();
      this.lifecycle = 'disposed';
    })();
    return this.disposing;
  }

  private async run(): Promise<void> {
    while (!this.hard.signal.aborted) {
      try {
        if (this.pending !== null) {
          await this.deliver(this.pending);
          continue;
        }
        const [held] = this.held;
        if (held !== undefined) {
          // Registered first (an upsert): the heartbeats it starts keep calls going while the outbox delivers,
          // and a breaker left open by an outage needs a call to close again (the outbox sends none while it is).
          if (!this.registered) {
            if (this.link.isUp()) await this.register();
            else await this.link.waitUntilUp(this.hard.signal);
            continue;
          }
          await this.settle(held);
          continue;
        }
        if (this.wake.signal.aborted) return;
        if (!this.link.isUp()) {
          await this.link.waitUntilUp(this.wake.signal);
          continue;
        }
        if (!this.registered) {
          await this.register();
          continue;
        }
        await this.releaseLeftoverLocks();
        // Lock releases queued in the outbox go before the next claim, as the ones held in memory do.
        if (this.queued !== undefined && !(await this.queued.drainedOf(isLockEntity, this.wake.signal))) continue;
        const candidate = await this.claimNext();
        this.consecutiveFailures = 0;
        if (candidate !== null) {
          await this.execute(candidate);
          continue;
        }
        await this.timers.sleep(this.settings.pollIntervalMs, this.wake.signal);
      } catch (error) {
        if (this.hard.signal.aborted) return;
        this.settings.logger.warn(`Node ${this.node.id}: ${describeError(error)}`);
        // A down link is waited out (and probed) at the top of the loop; anything else backs off here.
        if (!this.link.isUp()) continue;
        this.consecutiveFailures += 1;
        await this.timers.sleep(backoffDelay(this.consecutiveFailures, this.settings.deliveryBackoff), this.wake.signal);
      }
    }
  }

  private async register(): Promise<void> {
    const { id, name, ipAddress, hardwareFingerprint } = this.node;
    // The reference server refuses a null fingerprint; leaving it out keeps whatever the server has.
    const input = hardwareFingerprint === null
      ? { id, name, ipAddress, isAvailable: true }
      : { id, name, ipAddress, hardwareFingerprint, isAvailable: true };
    await this.track(() => this.api.registerNode(input));
    this.registered = true;
    this.settings.logger.info(`Node ${id} registered`);
    this.events.emit('registered', { nodeId: id, at: this.settings.now() });
  }

  private async beat(): Promise<void> {
    if (!this.registered) return;
    if (!this.link.isUp()) {
      // The outbox keeps the last heartbeat (it coalesces them) and sends it when the server is back.
      await this.settings.outbox?.enqueue({ operation: 'sendHeartbeat', args: [this.node.id] }).catch((error: unknown) => {
        this.settings.logger.debug(`Heartbeat of ${this.node.id} could not be queued: ${describeError(error)}`);
      });
      return;
    }
    try {
      // A 4xx means the server no longer knows the node (e.g. a fresh database): register again.
      if (!(await this.track(() => this.api.sendHeartbeat(this.node.id)))) this.registered = false;
    } catch (error) {
      this.settings.logger.debug(`Heartbeat of ${this.node.id} failed: ${describeError(error)}`);
    }
  }

  private async claimNext(): Promise<WorkCandidate | null> {
    const tasks = await this.track(() => this.api.getTasks());
    for (const candidate of findWork(tasks, this.node.id, this.marker)) {
      if (this.wake.signal.aborted) return null;
      if (candidate.adopted && this.refused.has(candidate.task.id)) continue;
      const verdict = await this.track(() => claimTask(this.api, candidate.task, this.marker));
      if (verdict.kind === 'claimed') return { task: verdict.task, adopted: candidate.adopted };
      this.tally.claimConflicts += 1;
      this.events.emit('claimConflict', { taskId: candidate.task.id, at: this.settings.now() });
    }
    return null;
  }

  private async execute({ task, adopted }: WorkCandidate): Promise<void> {
    this.tally.claimed += 1;
    this.events.emit('taskClaimed', { taskId: task.id, taskName: task.name, type: task.type, adopted, at: this.settings.now() });
    const context = new TaskRunContext(task, {
      api: this.api,
      node: this.node,
      signal: this.hard.signal,
      now: this.settings.now,
      sleep: (ms, signal) => this.timers.sleep(ms, signal),
      track: (call) => this.track(call),
      ...(this.settings.outbox === undefined ? {} : { outbox: this.settings.outbox }),
    });
    const outcome = await runHandler(this.settings.handlers.get(task.type), task, context);
    await context.releaseAll();
    for (const filePath of context.unreleasedLocks) this.unreleasedLocks.add(filePath);
    const delivery: PendingDelivery = { taskId: task.id, ...outcome, rowVersion: task.rowVersion, marker: this.marker, attempts: 0 };
    if (!(await this.queue(delivery))) this.pending = delivery;
  }

  // Puts a result in the outbox; false (hold it in memory instead) without one, or when the outbox refuses it.
  private async queue(delivery: PendingDelivery): Promise<boolean> {
    if (this.queued === undefined) return false;
    try {
      delivery.attempts += 1;
      this.tally.deliveryAttempts += 1;
      this.held.push(await this.queued.queue(delivery));
      return true;
    } catch (error) {
      this.settings.logger.warn(`Node ${this.node.id}: the result of task ${delivery.taskId} could not be queued in the outbox, `
        + `so it is held in memory (lost if the process dies): ${describeError(error)}`);
      return false;
    }
  }

  private async settle(held: QueuedDelivery): Promise<void> {
    const { queued } = this;
    if (queued === undefined) return;
    const verdict: QueuedVerdict | null = await settleQueued(held, {
      api: this.api, results: queued, link: this.link, timers: this.timers, backoff: this.settings.deliveryBackoff,
      signal: this.hard.signal, track: (call) => this.track(call),
    });
    if (verdict === null) return;
    this.held = this.held.filter((entry) => entry !== held);
    const { delivery } = held;
    if (verdict.kind === 'stillOurs') {
      // The claim is ours under a newer rowVersion: queue the result again with it (in memory if the outbox refuses).
      delivery.rowVersion = verdict.rowVersion;
      this.events.emit('deliveryRetried', { taskId: delivery.taskId, status: delivery.status, attempt: delivery.attempts + 1, at: this.settings.now() });
      if (!(await this.queue(delivery))) this.pending = delivery;
      return;
    }
    if (verdict.kind === 'deadLettered') {
      const { deadLetter } = verdict;
      this.refused.add(delivery.taskId);
      this.settings.logger.warn(`Node ${this.node.id}: the ${delivery.status} result of task ${delivery.taskId} was refused `
        + `(${deadLetter.reason}${deadLetter.status === null ? '' : ` ${deadLetter.status}`}) and kept as dead letter ${deadLetter.id}`);
      this.events.emit('deliveryDeadLettered', {
        taskId: delivery.taskId, status: delivery.status, deadLetterId: deadLetter.id, reason: deadLetter.reason, answer: deadLetter.answer,
        at: this.settings.now(),
      });
      return;
    }
    this.finishDelivery(delivery, verdict);
  }

  private async deliver(delivery: PendingDelivery): Promise<void> {
    const verdict = await deliverUntilSettled(delivery, {
      api: this.api,
      link: this.link,
      timers: this.timers,
      backoff: this.settings.deliveryBackoff,
      signal: this.hard.signal,
      now: this.settings.now,
      track: (call) => this.track(call),
      emit: (name, event) => this.events.emit(name, event),
      onAttempt: () => {
        this.tally.deliveryAttempts += 1;
      },
    });
    if (verdict !== null) this.finishDelivery(delivery, verdict);
  }

  private finishDelivery(delivery: PendingDelivery, verdict: SettledVerdict): void {
    this.pending = null;
    const { taskId, status, resultMessage, attempts } = delivery;
    const at = this.settings.now();
    if (verdict.kind === 'superseded') {
      this.tally.superseded += 1;
      this.settings.logger.warn(`Task ${taskId} was moved on by the server; its ${status} result was dropped`);
      this.events.emit('deliverySuperseded', { taskId, status, currentStatus: verdict.currentStatus, at });
    } else if (status === 'Pending') {
      this.tally.handedBack += 1;
      this.events.emit('taskHandedBack', { taskId, resultMessage, deliveryAttempts: attempts, at });
    } else if (status === 'Completed') {
      this.tally.completed += 1;
      this.events.emit('taskCompleted', { taskId, resultMessage, deliveryAttempts: attempts, at });
    } else {
      this.tally.failed += 1;
      this.events.emit('taskFailed', { taskId, resultMessage, deliveryAttempts: attempts, at });
    }
  }

  private async releaseLeftoverLocks(): Promise<void> {
    for (const filePath of [...this.unreleasedLocks]) {
      await this.track(() => this.api.releaseFileLock(filePath, this.node.id));
      this.unreleasedLocks.delete(filePath);
    }
  }

  // Every call goes through here: its outcome moves the inferred link, and dispose() stops the wait for it.
  private async track<T>(call: () => Promise<T>): Promise<T> {
    try {
      const value = await raceAbort(call(), this.hard.signal, () => new RequestAbortedError('TaskExecutionService'));
      this.link.record({ ok: true });
      return value;
    } catch (error) {
      if (!this.hard.signal.aborted) this.link.record({ ok: false, error });
      throw error;
    }
  }
}
