import { MIGRATIONS } from '../store/migrations.js';
import { postgresDb, redactedUrl } from '../store/postgres-db.js';

/** What `crieur doctor` says of the PostgreSQL database the configuration names. */
export interface DatabaseHealth {
  kind: 'postgres';
  /** The URL without its password. */
  location: string;
  reachable: boolean;
  serverVersion?: string;
  /** The newest migration applied (0 for a database crieur never wrote to). */
  schemaVersion?: number;
  /** The newest migration this crieur knows. */
  expectedSchemaVersion: number;
  problem?: 'unreachable' | 'authentication' | 'missing-database' | 'newer-schema';
  message?: string;
  messageFr?: string;
}

const AUTHENTICATION =
  /authentication failed|no password supplied|password is required|role ".*" does not exist|pg_hba\.conf/i;
const MISSING_DATABASE = /database ".*" does not exist/i;

/** Connects without changing anything (no migration): server version, schema version, or why it cannot. */
export function checkPostgres(url: string): DatabaseHealth {
  const location = redactedUrl(url);
  const expectedSchemaVersion = Math.max(...MIGRATIONS.map((migration) => migration.version));
  const base = { kind: 'postgres' as const, location, expectedSchemaVersion };
  let db: ReturnType<typeof postgresDb> | undefined;
  try {
    db = postgresDb(url);
    const serverVersion = String(db.prepare('SHOW server_version').pluck().get());
    const known = db.prepare("SELECT to_regclass('schema_migrations') IS NOT NULL AS known").pluck().get() === true;
    const schemaVersion = known
      ? Number(db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').pluck().get())
      : 0;
    if (schemaVersion > expectedSchemaVersion) {
      return {
        ...base,
        reachable: true,
        serverVersion,
        schemaVersion,
        problem: 'newer-schema',
        message: `the database's schema (version ${schemaVersion}) was written by a newer crieur than this one (knows up to ${expectedSchemaVersion}): upgrade crieur on this machine`,
        messageFr: `La base de données a été préparée par une version plus récente de crieur\u00a0: il faut mettre crieur à jour sur cette machine.`,
      };
    }
    return { ...base, reachable: true, serverVersion, schemaVersion };
  } catch (error) {
    const detail = ((error as Error).message.split('\n')[0] ?? '').replace(/^PostgreSQL unreachable: /, '').trim();
    if (MISSING_DATABASE.test(detail)) {
      return {
        ...base,
        reachable: false,
        problem: 'missing-database',
        message: `the database named in CRIEUR_DATABASE_URL does not exist on the server (${location}): create it (createdb), then start crieur again`,
        messageFr:
          'La base de données nommée dans CRIEUR_DATABASE_URL n’existe pas sur le serveur PostgreSQL\u00a0: il faut la créer avant de relancer crieur.',
      };
    }
    if (AUTHENTICATION.test(detail)) {
      return {
        ...base,
        reachable: false,
        problem: 'authentication',
        message: `PostgreSQL refused the user or password of CRIEUR_DATABASE_URL (${location}): ${detail}`,
        messageFr: 'PostgreSQL a refusé l’utilisateur ou le mot de passe de CRIEUR_DATABASE_URL\u00a0: vérifiez-les.',
      };
    }
    return {
      ...base,
      reachable: false,
      problem: 'unreachable',
      message: `cannot reach PostgreSQL at ${location}: ${detail}; check that the server runs and that CRIEUR_DATABASE_URL names it`,
      messageFr:
        'La base de données PostgreSQL est injoignable\u00a0: crieur ne peut ni publier ni afficher la file d’attente. Vérifiez que le serveur fonctionne et que CRIEUR_DATABASE_URL le désigne.',
    };
  } finally {
    db?.close();
  }
}

/** The doctor's lines for the database. */
export function databaseLines(health: DatabaseHealth): string[] {
  if (!health.reachable || health.problem !== undefined) {
    return [`✗ database: ${health.message}\n    ${health.messageFr}`];
  }
  const schema =
    health.schemaVersion === health.expectedSchemaVersion
      ? `schema version ${health.schemaVersion} (expected ${health.expectedSchemaVersion})`
      : `schema version ${health.schemaVersion}, expected ${health.expectedSchemaVersion}: crieur applies the missing migrations when it opens the database`;
  return [
    `${health.schemaVersion === health.expectedSchemaVersion ? '✓' : '⚠'} database: PostgreSQL ${health.serverVersion} at ${health.location}, ${schema}`,
  ];
}
