/**
 * This instance no longer holds the publishing lease with the token its work started under (another
 * instance took it over, or it expired while this process was paused or cut off). Whatever threw it
 * wrote nothing; the publication stops and the lease's holder resumes it.
 */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  readonly lease: string;
  readonly token: number;
  constructor(lease: string, token: number, reason: string) {
    super(`lease ${lease} (token ${token}) lost: ${reason}`);
    this.lease = lease;
    this.token = token;
  }
}

/** Stops the publication in progress when this instance lost its lease: see `LeaseLostError`. */
export type Fence = () => void;
