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

export function asPartFailure(error: unknown): PartFailure {
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
