import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Every environment variable crieur reads. `.env.example` documents each. */
export const ENV_KEYS = [
  'CRIEUR_CONFIG',
  'CRIEUR_DATA_DIR',
  'CRIEUR_DATABASE_URL',
  'CRIEUR_SECRET_KEY',
  'CRIEUR_SECRET_KEY_FILE',
  'CRIEUR_WEB_URL',
  'X_API_KEY',
  'X_API_SECRET',
  'X_ACCESS_TOKEN',
  'X_ACCESS_SECRET',
  'X_API_URL',
  'BLUESKY_SERVICE',
  'BLUESKY_HANDLE',
  'BLUESKY_APP_PASSWORD',
  'LINKEDIN_ACCESS_TOKEN',
  'LINKEDIN_TOKEN_EXPIRES_AT',
  'LINKEDIN_ORGANIZATION',
  'LINKEDIN_VERSION',
  'LINKEDIN_API_URL',
  'LINKEDIN_CLIENT_ID',
  'LINKEDIN_CLIENT_SECRET',
  'LINKEDIN_OAUTH_URL',
  'FACEBOOK_PAGE_ID',
  'FACEBOOK_PAGE_TOKEN',
  'FACEBOOK_GRAPH_URL',
  'FACEBOOK_GRAPH_VERSION',
  'FACEBOOK_APP_ID',
  'FACEBOOK_APP_SECRET',
  'FACEBOOK_DIALOG_URL',
  'SITE_OUTPUT_DIR',
  'SITE_BASE_URL',
  'NOTIFY_WEBHOOK_URL',
] as const;

export type EnvKey = (typeof ENV_KEYS)[number];

/** Variables whose values must never appear in logs, audit events, reports or messages. */
export const SECRET_KEYS: readonly EnvKey[] = [
  'CRIEUR_SECRET_KEY',
  'X_API_KEY',
  'X_API_SECRET',
  'X_ACCESS_TOKEN',
  'X_ACCESS_SECRET',
  'BLUESKY_APP_PASSWORD',
  'LINKEDIN_ACCESS_TOKEN',
  'LINKEDIN_CLIENT_SECRET',
  'FACEBOOK_PAGE_TOKEN',
  'FACEBOOK_APP_SECRET',
  'NOTIFY_WEBHOOK_URL',
];

export type Env = Partial<Record<EnvKey, string>>;

/**
 * The process environment, completed by a `.env` file in `cwd` when there is one.
 * Variables already set in the environment win over the file.
 */
export function readEnv(processEnv: NodeJS.ProcessEnv, cwd: string): Env {
  const fromFile: Record<string, string | undefined> = {};
  const dotEnvPath = `${cwd}/.env`;
  if (existsSync(dotEnvPath)) Object.assign(fromFile, parseEnv(readFileSync(dotEnvPath, 'utf8')));
  const env: Env = {};
  for (const key of ENV_KEYS) {
    const value = processEnv[key] ?? fromFile[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  return env;
}

/** The secret values present in `env`, for redaction and for scanning outputs. */
export function secretValues(env: Env): string[] {
  return [...SECRET_KEYS.map((key) => env[key]), databasePassword(env.CRIEUR_DATABASE_URL)].filter(
    (value): value is string => value !== undefined && value.length >= 4,
  );
}

/** The password written in a database URL, which no log or message may show. */
function databasePassword(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}
