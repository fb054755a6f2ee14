// What the coordinator's collaborators (rendezvous, step tracking, liveness, regroup, local workers) share:
// the config, the worker table, the launched processes, the output channels and the current generation and phase.
// Owned by Coordinator; the collaborators only read it and call its methods (no imports back).
import { mygpt } from '../gen/mygpt';
import type { Config } from '../config/types';
import type { LogFields } from '../util/log';
import type { TrainingMetrics } from '../metrics/training';
import type { LaunchedWorker } from './launcher';
import type { Generation } from './generation';
import type { PhaseMachine } from './phase';
import type { WorkerSlot, WorkerTable } from './registry';

export interface RunContext {
  readonly cfg: Config;
  readonly table: WorkerTable;
  readonly launched: readonly LaunchedWorker[]; // index = rank; empty for external workers
  readonly phase: PhaseMachine;
  readonly metrics?: TrainingMetrics;
  readonly gen: Generation; // the current generation (replaced on restart)
  readonly stopping: boolean; // a signal asked for a checkpoint at the next step boundary
  log(line: string, fields?: LogFields): void;
  warn(line: string): void;
  /** Control message to a joined worker (dropped when its process is known to have exited). */
  send(s: WorkerSlot, body: mygpt.IEnvelope): void;
  /** Fire-and-forget to a peer that has not joined (a refusal): bounded, never waits on a full queue. */
  post(peer: string, body: mygpt.IEnvelope): void;
  publishStates(): void;
  /** A replacement joined while a shrunk generation sets up or trains: the group grows at the next chance. */
  joined(s: WorkerSlot): void;
}
