// The coordinator's table of workers: one slot per rank, each with its explicit WorkerState,
// identity (pid, host, device) and liveness. Pure bookkeeping: no sockets, no processes.
import { mygpt } from '../gen/mygpt';
import type { Refusal } from '../control/handshake';
import { printable } from '../control/printable';
import { WorkerState, countStates, isTerminal, transition } from './state';

/** The training state a survivor's Hello says it holds (StateInfo, checked by recovery.ts heldInfoOf). */
export interface HeldInfo {
  step: number;
  checksum: string;
  bytes: number;
  generation: number;
}

export interface WorkerSlot {
  rank: number;
  state: WorkerState;
  joined: boolean; // its Hello was accepted
  peer?: string; // control-plane routing id
  pid?: number;
  host?: string;
  device: string; // "cpu", "gpu:1", or "?" for an external worker that has not joined
  backend?: string;
  nativeKernels?: string; // native kernels its Hello says are active ('' = none)
  ringAddress?: string;
  ringPublicKey?: string; // CURVE public key of its ring socket ('' without CURVE)
  held?: HeldInfo; // the training state its Hello says it holds (a survivor of the last generation)
  lastReport?: mygpt.IStepReport; // with it: its StepReport of that step, which the restart may have cut off
  lastSeenMs: number; // last message of any kind from it
  lastStep: number; // last step it reported
  progressMs: number; // performance.now() when lastStep last advanced (or training started)
}

export class WorkerTable {
  readonly slots: WorkerSlot[];

  /** devices[i] = expected device of rank i ("?" when unknown, i.e. external workers). */
  constructor(devices: readonly string[]) {
    this.slots = devices.map((device, rank) => ({
      rank,
      state: WorkerState.PENDING,
      joined: false,
      device,
      lastSeenMs: 0,
      lastStep: 0,
      progressMs: 0,
    }));
  }

  get worldSize(): number {
    return this.slots.length;
  }

  byPeer(peer: string): WorkerSlot | undefined {
    return this.slots.find((s) => s.joined && s.peer === peer);
  }

  /** Picks the rank for an acceptable Hello: the requested one when free, else the lowest free. */
  assign(h: mygpt.IHello): number | Refusal {
    const want = h.requestedRank ?? -1;
    if (want >= 0) {
      const s = this.slots[want];
      return s.joined
        ? { code: mygpt.RefuseReason.REFUSE_RANK_TAKEN,
          reason: `rank ${want} is already taken by pid ${s.pid} on ${s.host}` }
        : want;
    }
    const free = this.slots.find((s) => !s.joined);
    return free
      ? free.rank
      : { code: mygpt.RefuseReason.REFUSE_GANG_FULL, reason: `all ${this.worldSize} ranks are taken` };
  }

  /** Records an accepted Hello in slot `rank` and moves it to READY. */
  join(rank: number, peer: string, h: mygpt.IHello, nowMs: number): WorkerSlot {
    const s = this.slots[rank];
    s.joined = true;
    s.peer = peer;
    s.pid = h.pid ?? 0;
    // peer strings reach logs, failure.json and metric labels: control characters escaped, length capped
    s.host = printable(h.host || '?');
    s.device = printable(h.device || s.device, 64);
    s.backend = printable(h.backend, 64);
    s.nativeKernels = printable(h.nativeKernels);
    s.ringAddress = printable(h.ringAddress);
    s.ringPublicKey = printable(h.ringPublicKey, 64);
    s.lastSeenMs = nowMs;
    this.setState(s, WorkerState.READY);
    return s;
  }

  /** A report or heartbeat says rank `s` is at `step`: lastStep moves forward only, and a move is progress. */
  progressed(s: WorkerSlot, step: number, nowMs: number): void {
    if (step > s.lastStep) {
      s.lastStep = step;
      s.progressMs = nowMs;
    }
  }

  setState(s: WorkerSlot, to: WorkerState): void {
    s.state = transition(`rank ${s.rank}`, s.state, to);
  }

  allJoined(): boolean {
    return this.slots.every((s) => s.joined);
  }
  missing(): WorkerSlot[] {
    return this.slots.filter((s) => !s.joined);
  }
  live(): WorkerSlot[] {
    return this.slots.filter((s) => s.joined && !isTerminal(s.state));
  }
  counts() {
    return countStates(this.slots.map((s) => s.state));
  }

  /** Group restart: every slot back to PENDING (not joined) so each worker must say Hello again under the
   *  new generation; messages from the old peers are then ignored. `step` is where the group restarts. */
  reset(step: number): void {
    for (const s of this.slots) {
      if (!isTerminal(s.state)) this.setState(s, WorkerState.STOPPED);
      if (s.state === WorkerState.DONE) this.setState(s, WorkerState.STOPPED);
      this.setState(s, WorkerState.PENDING);
      s.joined = false;
      s.peer = undefined;
      s.held = undefined;
      s.lastReport = undefined;
      s.lastSeenMs = 0;
      s.lastStep = step;
    }
  }

  /** A slot whose process ended outside any generation (a replacement that died before the group took it
   *  in): FAILED, then PENDING and free for the next Hello of that rank. */
  leave(s: WorkerSlot): void {
    if (s.state !== WorkerState.FAILED) this.setState(s, WorkerState.FAILED);
    this.setState(s, WorkerState.PENDING);
    s.joined = false;
    s.peer = undefined;
    s.held = undefined;
  }

  /** Moves every non-terminal worker to `to` (FAILED or STOPPED) at the end of a run. */
  settleAll(to: WorkerState.FAILED | WorkerState.STOPPED): void {
    for (const s of this.slots) if (!isTerminal(s.state)) this.setState(s, to);
  }
}

/** "rank 1 (pid 4242 on node-a, device gpu:1)" — how every error names a worker. */
export function describeSlot(s: WorkerSlot): string {
  const parts = [s.pid ? `pid ${s.pid}` + (s.host ? ` on ${s.host}` : '') : '', `device ${s.device}`].filter(Boolean);
  return `rank ${s.rank} (${parts.join(', ')})`;
}
