/**
 * Gathers a command's many small writes into ~64 KB ones (a listing of years of drafts or events is
 * written as it is read, not built whole first); `end` writes what is left.
 */
export function batchedWriter(stream: { write(text: string): unknown }): { write(text: string): void; end(): void } {
  let pending = '';
  return {
    write(text) {
      pending += text;
      if (pending.length >= 65_536) {
        stream.write(pending);
        pending = '';
      }
    },
    end() {
      if (pending !== '') stream.write(pending);
      pending = '';
    },
  };
}
