// Adapter from the wire StepReport (proto/mygpt.proto) to a StepObservation. Proto3 omits zero
// fields, so missing numbers mean 0. An unset val_loss/grad_norm decodes as 0, which no real
// cross-entropy or gradient has, so 0 (like NaN) means "not measured this step".

import { mygpt } from '../gen/mygpt';
import { StepObservation } from './training';
import { measured, num as n } from '../util/num';

export function stepObservationFromReport(r: mygpt.IStepReport): StepObservation {
  return {
    rank: n(r.rank),
    step: n(r.step),
    loss: n(r.loss),
    lr: n(r.lr),
    computeS: n(r.computeS),
    allreduceS: n(r.allreduceS),
    waitS: n(r.waitS),
    stepS: n(r.stepS),
    tokens: n(r.tokens),
    allreduceBytes: n(r.allreduceBytes),
    gradNorm: measured(r.gradNorm),
    valLoss: measured(r.valLoss),
    exposedCommS: n(r.exposedCommS),
    nonfiniteSkips: n(r.nonfiniteSkips),
  };
}
