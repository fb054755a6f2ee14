// Group restarts: the next generation, after a worker failure or when replacements joined a shrunk group (it
// grows). The old generation closes, every slot goes back to PENDING and the survivors are told to rejoin
// (Shutdown{restart}: they keep their training state in memory). The restart stays pending until the new
// generation's Start, which says where it began and what it cost (recovery.ts). Dead local workers are
// relaunched into the new generation once it is in place (local_workers.ts).
import { stepOfCheckpoint } from '../util/run_dir';
import type { RunContext } from './context';
import { Cause, RunError } from './failure';
import { Generation } from './generation';
import type { Outbox } from './outbox';
import { RunPhase } from './phase';
import { PendingRecovery } from './recovery';
import type { RestartBudget } from './restart_budget';
import type { StepTracker } from './steps';

export interface RegroupParts {
  outbox: Outbox;
  budget: RestartBudget;
  steps: StepTracker;
}

export class Regroup {
  private recovering?: PendingRecovery; // a group restart in progress: closed at the next Start

  constructor(private readonly ctx: RunContext, private readonly p: RegroupParts) {}

  /** After a worker failure the restart budget allows: records and counts it, says where the group resumes
   *  from, and returns the next generation. */
  afterFailure(err: RunError): Generation {
    const { ctx } = this;
    const what = this.p.budget.spend(err, ctx.table.slots[err.rank], ctx.gen.number,
      ctx.launched[err.rank]?.log.tail() ?? []);
    const [latest, step] = this.diskFallback();
    const disk = latest ? `${latest} (step ${step})` : 'step 0 (no checkpoint yet: same seed, same init)';
    ctx.warn(
      `${what} (generation ${ctx.gen.number + 1}): ${err.message.split('\n')[0]}; the group resumes from ${disk}` +
        (ctx.cfg.cluster.recovery === 'in_place' ? ', or from a newer state a survivor holds in memory' : ''),
    );
    return this.next(err);
  }

  /** Replacements joined a shrunk group: everyone joined rejoins at once, in the next generation. */
  grow(): Generation {
    return this.next();
  }

  /** The generation started (its Start went out): a pending restart ends with its cost (recovery.ts). */
  started(gen: Generation): void {
    if (!gen.plan) return;
    const { ctx, p } = this;
    this.recovering = this.recovering?.finish(gen, gen.plan, ctx.table.slots.map((s) => s.held), {
      warn: (line) => ctx.warn(line),
      failures: p.budget,
      metrics: ctx.metrics,
      steps: p.steps,
    });
  }

  /** The checkpoint a restart falls back to: the newest rank 0 reported in this run, else --resume's. */
  private diskFallback(): [string, number] {
    const latest = this.p.steps.lastCheckpoint || this.ctx.gen.checkpoint;
    return [latest, latest ? stepOfCheckpoint(latest) ?? 0 : 0];
  }

  /** A new generation. After a failure (`err`) the failed local worker is killed and relaunched (afterwards);
   *  a failed external one (e.g. silent but alive after a partition) is told too: it rejoins if it can hear us,
   *  and a dead pod must come back by itself within cluster.join_timeout_s. */
  private next(err?: RunError): Generation {
    const { ctx, p } = this;
    ctx.phase.to(RunPhase.Restarting);
    const old = ctx.gen;
    old.close();
    const told = ctx.table.slots.filter((s) =>
      s.joined && s.peer && (s.rank !== err?.rank || !ctx.launched[s.rank]) &&
      !ctx.launched[s.rank]?.exitInfo
    ).map((s) => ({ rank: s.rank, peer: s.peer! })); // reset() forgets the peers
    const [latest, step] = this.diskFallback();
    const label = err ?
      `rank ${err.rank}'s failure (${Cause[err.cause_]})` :
      `${
        ctx.table.slots.filter((s) => s.joined && old.pos(s) < 0).map((s) => `rank ${s.rank}`).join(', ') ||
        'a replacement'
      } joining`;
    this.recovering = new PendingRecovery(label, err !== undefined, PendingRecovery.reachedOf(ctx.table.slots), old,
      this.recovering, err ? old.arbiter.firstAt : undefined);
    p.steps.flushIncomplete(step, old); // never redone; up to a newer start: recovery.ts
    ctx.table.reset(step);
    const gen = new Generation(old.number + 1, latest, step);
    // a shrunk gang waits for the survivors, never for the failed rank (an external one may not come back)
    for (const s of told) if (s.rank !== err?.rank) gen.awaited.add(s.rank);
    ctx.phase.to(RunPhase.Waiting);
    const reason = err ? `after ${err.message.split('\n')[0]}` : `the group grows: ${label}`;
    for (const s of told) p.outbox.post(s.peer, { shutdown: { reason, restart: true, generation: old.number } });
    ctx.publishStates();
    return gen;
  }
}
