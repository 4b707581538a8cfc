/**
 * Errors meant for people carry two messages: `message` in English for operators and logs,
 * `messageFr` in Québec French for the communications team.
 */
export class CrieurError extends Error {
  override name = 'CrieurError';
  readonly messageFr: string;
  /** Process exit code when this error ends a CLI command. */
  readonly exitCode: number;
  constructor(message: string, messageFr: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.messageFr = messageFr;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** One thing wrong in an update file, where it is, in English and French, without the file's name. */
export interface UpdateProblem {
  line?: number;
  message: string;
  messageFr: string;
}

/** A bad update file: names the file and the line; `problems` lists every problem found at once. */
export class UpdateFileError extends CrieurError {
  override name = 'UpdateFileError';
  readonly file: string;
  readonly line: number | undefined;
  readonly problems: readonly UpdateProblem[];
  constructor(file: string, line: number | undefined, message: string, messageFr: string) {
    const where = line === undefined ? file : `${file}:${line}`;
    super(`${where}: ${message}`, `${where} : ${messageFr}`);
    this.file = file;
    this.line = line;
    this.problems = [{ ...(line === undefined ? {} : { line }), message, messageFr }];
  }

  /**
   * Every problem found in the file, in line order: one problem reads as before; several are
   * listed one per line, each with its line (`ligne 4 : …`).
   */
  static of(file: string, problems: readonly UpdateProblem[]): UpdateFileError {
    const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const [only] = sorted;
    if (only === undefined || sorted.length === 1) {
      return new UpdateFileError(file, only?.line, only?.message ?? 'invalid', only?.messageFr ?? 'invalide');
    }
    const list = sorted.map(
      (problem) => `\n  - ${problem.line === undefined ? '' : `line ${problem.line}: `}${problem.message}`,
    );
    const listFr = sorted.map(
      (problem) => `\n  - ${problem.line === undefined ? '' : `ligne ${problem.line}\u00A0: `}${problem.messageFr}`,
    );
    const error = new UpdateFileError(
      file,
      undefined,
      `${sorted.length} problems:${list.join('')}`,
      `${sorted.length} problèmes\u00A0:${listFr.join('')}`,
    );
    (error as { problems: readonly UpdateProblem[] }).problems = sorted;
    return error;
  }
}

/** A bad configuration value or environment variable: names the key. */
export class ConfigError extends CrieurError {
  override name = 'ConfigError';
  readonly key: string;
  constructor(key: string, message: string, messageFr: string) {
    super(`config ${key}: ${message}`, `configuration ${key} : ${messageFr}`);
    this.key = key;
  }
}

/** A request the queue refuses (unknown id, wrong state, four-eyes, stale hash). Nothing changed. */
export class RefusedError extends CrieurError {
  override name = 'RefusedError';
}
