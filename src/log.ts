import pino, { type Logger } from 'pino';
import { redactValue } from './audit/redact.js';

export type { Logger };

/**
 * Operator logs: JSON lines in English on stderr (stdout stays for command output), with every
 * configured secret value scrubbed from messages and fields.
 */
export function createLogger(options: {
  secrets: readonly string[];
  level?: string;
  destination?: NodeJS.WritableStream;
}): Logger {
  const secrets = [...options.secrets];
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { app: 'crieur' },
      formatters: { log: (object) => redactValue(object, secrets) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactValue(arg, secrets) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything, for tests and quiet commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
