import { once } from 'node:events';

export interface BatchedWriter {
  /** Adds `text`; a promise when the stream is full and the caller must wait before writing more. */
  write(text: string): Promise<void> | undefined;
  /** Writes what is left; a promise when the stream is full. */
  end(): Promise<void> | undefined;
}

/**
 * Gathers a command's many small writes into ~64 KB ones, and waits for the stream when it is full:
 * a listing of years of drafts or events is written as it is read, and one piped into a slow reader
 * (`| less`) is not held whole in memory meanwhile (Node writes to a pipe asynchronously).
 */
export function batchedWriter(stream: NodeJS.WritableStream): BatchedWriter {
  let pending = '';
  const flush = (): Promise<void> | undefined => {
    const text = pending;
    pending = '';
    if (stream.write(text)) return undefined;
    // A reader that went away ends the process (EPIPE); the stream's own errors reject here.
    return once(stream, 'drain').then(() => undefined);
  };
  return {
    write(text) {
      pending += text;
      return pending.length >= 65_536 ? flush() : undefined;
    },
    end() {
      return pending === '' ? undefined : flush();
    },
  };
}
