import { DatabaseUnavailableError, PostgresDriverMissingError, PostgresError } from '../store/postgres-db.js';

export { DatabaseUnavailableError } from '../store/postgres-db.js';

/** Why PostgreSQL refused, in both languages, or undefined for an error that is not PostgreSQL's. */
export function postgresFailure(error: unknown): { message: string; messageFr: string } | undefined {
  if (error instanceof PostgresDriverMissingError) {
    return {
      message: `${error.message}; install libpq-dev, then run npm ci again`,
      messageFr: 'le pilote PostgreSQL (pg-native) n’est pas installé : installez libpq-dev, puis relancez npm ci',
    };
  }
  if (error instanceof DatabaseUnavailableError) {
    const text = error.message;
    if (
      /password authentication failed|no password supplied|authentication failed|role ".*" does not exist/i.test(text)
    ) {
      return {
        message: `${text} (check the user and password of CRIEUR_DATABASE_URL)`,
        messageFr:
          'PostgreSQL a refusé l’identification : vérifiez l’utilisateur et le mot de passe de CRIEUR_DATABASE_URL',
      };
    }
    if (/database ".*" does not exist/i.test(text)) {
      return {
        message: `${text} (create it: CREATE DATABASE … OWNER …)`,
        messageFr: 'la base de données nommée dans CRIEUR_DATABASE_URL n’existe pas : créez-la (CREATE DATABASE)',
      };
    }
    return {
      message: `${text} (check CRIEUR_DATABASE_URL, the server and the network)`,
      messageFr:
        'la base de données PostgreSQL est injoignable : vérifiez CRIEUR_DATABASE_URL, le serveur et le réseau',
    };
  }
  if (error instanceof PostgresError) {
    return {
      message: `PostgreSQL: ${error.message}${error.sqlState === undefined ? '' : ` (${error.sqlState})`}`,
      messageFr: `erreur de la base de données PostgreSQL${error.sqlState === undefined ? '' : ` (${error.sqlState})`}`,
    };
  }
  return undefined;
}
