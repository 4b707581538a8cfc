import { LeaseLostError } from '../leadership/lease-lost.js';
import { PublishError } from './port-errors.js';

/** A part that could not be sent, with the reason for the team and the class for operators. */
export class PartFailure extends Error {
  override name = 'PartFailure';
  constructor(
    readonly errorClass: string,
    message: string,
    readonly messageFr: string,
  ) {
    super(message);
  }
}

/**
 * Stops a part (a post to send, or to delete) that has used its attempts or outlived its window:
 * `window` says, in English and French, what closed before it could be done.
 */
export function checkPartBudget(
  budget: { attempt: number; maxAttempts: number; now: Date; deadline: Date },
  window: { en: string; fr: string },
): void {
  if (budget.attempt >= budget.maxAttempts) {
    throw new PartFailure(
      'gave-up',
      `gave up after ${budget.maxAttempts} attempts`,
      `abandon après ${budget.maxAttempts} tentatives`,
    );
  }
  if (budget.now.getTime() > budget.deadline.getTime()) throw new PartFailure('deadline', window.en, window.fr);
}

/** What the team is told about a part that stopped; a lost lease is no failure of the part: rethrown. */
export function asPartFailure(error: unknown): PartFailure {
  if (error instanceof LeaseLostError) throw error;
  if (error instanceof PartFailure) return error;
  if (error instanceof PublishError) return new PartFailure(error.failureClass, error.message, error.messageFr);
  return new PartFailure('internal', messageOf(error), `erreur interne : ${messageOf(error)}`);
}

export function classOf(error: unknown): string {
  return error instanceof PublishError ? error.failureClass : 'internal';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
