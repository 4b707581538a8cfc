import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { shippedFile } from '../shipped-files.js';
import { closest } from '../util/closest.js';
import { type Env, readEnv } from './env.js';
import { type Config, ConfigSchema } from './schema.js';

/** The configuration bundled with crieur, used when none is given. */
export const DEFAULT_CONFIG_PATH = shippedFile('config', 'crieur.yaml');

export interface LoadedConfig {
  config: Config;
  /** File the configuration was read from. */
  path: string;
  /** Absolute data directory (CRIEUR_DATA_DIR wins over `dataDir`). */
  dataDir: string;
  /** Absolute inbox directory. */
  inboxDir: string;
  env: Env;
}

export interface LoadConfigOptions {
  /** Explicit path (`--config`); else CRIEUR_CONFIG; else the bundled default. */
  path?: string;
  processEnv?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = readEnv(options.processEnv ?? process.env, cwd);
  const path = resolve(cwd, options.path ?? env.CRIEUR_CONFIG ?? DEFAULT_CONFIG_PATH);
  if (!existsSync(path)) {
    // Named as the person gave it: `--config`, CRIEUR_CONFIG, or the bundled default.
    const key = options.path !== undefined ? '--config' : env.CRIEUR_CONFIG !== undefined ? 'CRIEUR_CONFIG' : 'default';
    throw new ConfigError(key, `file not found: ${path}`, `fichier introuvable : ${path}`);
  }
  const config = parseConfigText(readFileSync(path, 'utf8'), path);
  const base = dirname(path);
  // Folders are relative to the working directory (the service's), the logo to the config file.
  const dataDir = resolve(cwd, env.CRIEUR_DATA_DIR ?? config.dataDir);
  const inboxDir = resolve(cwd, config.inboxDir);
  const logo = config.branding.logo === null ? null : resolveFrom(base, config.branding.logo);
  return { config: { ...config, branding: { ...config.branding, logo } }, path, dataDir, inboxDir, env };
}

export function parseConfigText(text: string, path: string): Config {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first?.linePos?.[0]?.line;
    throw new ConfigError(
      line === undefined ? path : `${path}:${line}`,
      `invalid YAML: ${first?.message ?? 'unknown error'}`,
      `YAML invalide : ${first?.message ?? 'erreur inconnue'}`,
    );
  }
  const raw: unknown = document.toJS() ?? {};
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) throw configErrorFrom(result.error, path);
  return result.data;
}

function configErrorFrom(error: z.ZodError, path: string): ConfigError {
  const issue = error.issues[0];
  if (issue === undefined) return new ConfigError(path, 'invalid configuration', 'configuration invalide');
  const keyPath = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const full = keyPath ? `${keyPath}.${key}` : key;
    const allowed = allowedKeys(issue.path);
    const suggestion = closest(key, allowed);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
    const hintFr = suggestion ? ` (vouliez-vous dire « ${suggestion} » ?)` : '';
    return new ConfigError(
      full,
      `unknown key in ${path}${hint}; allowed keys: ${allowed.join(', ')}`,
      `clé inconnue dans ${path}${hintFr} ; clés permises : ${allowed.join(', ')}`,
    );
  }
  return new ConfigError(keyPath || '(root)', `${issue.message} (in ${path})`, `${frenchIssue(issue)} (dans ${path})`);
}

const FRENCH_TYPES: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  int: 'un nombre entier',
  boolean: 'true ou false',
  array: 'une liste',
  object: 'une section (clé: valeur)',
};

/** What is wrong with a value, in French: zod's own messages are English. */
function frenchIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `valeur invalide; valeurs permises : ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `${FRENCH_TYPES[issue.expected] ?? issue.expected} attendu`;
    case 'too_small':
      return `valeur trop petite (minimum ${String(issue.minimum)})`;
    case 'too_big':
      return `valeur trop grande (maximum ${String(issue.maximum)})`;
    default:
      return `valeur invalide (${issue.message})`;
  }
}

function allowedKeys(path: readonly PropertyKey[]): string[] {
  if (path[0] === 'branding') return Object.keys(ConfigSchema.shape.branding.unwrap().shape);
  if (path[0] === 'web') return Object.keys(ConfigSchema.shape.web.unwrap().shape);
  if (path[0] === 'site') return Object.keys(ConfigSchema.shape.site.unwrap().shape);
  return Object.keys(ConfigSchema.shape);
}

function resolveFrom(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}
