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

/** A bad update file: names the file and the line. */
export class UpdateFileError extends CrieurError {
  override name = 'UpdateFileError';
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, message: string, messageFr: string) {
    const where = line === undefined ? file : `${file}:${line}`;
    super(`${where}: ${message}`, `${where} : ${messageFr}`);
    this.file = file;
    this.line = line;
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
