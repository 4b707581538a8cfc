import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { postgresUrlForTest } from './postgres.js';
import { dropPostgresSchema, schemaOfUrl, withConnection } from './postgres-schema.js';

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What a separate `node` process (as a second `crieur run` would be) does with the same URL. */
const CHILD = `
const Client = require('pg-native');
const client = new Client();
client.connectSync(process.env.DATABASE_URL);
client.querySync("INSERT INTO notes (body) VALUES ('from the other process')");
const rows = client.querySync('SELECT current_schema() AS schema, body FROM notes ORDER BY id');
client.end();
process.stdout.write(JSON.stringify(rows));
`;

describe('test PostgreSQL cluster', () => {
  it('selects a new schema through the URL: search_path is set and tables land in it', () => {
    const url = postgresUrlForTest();
    const schema = schemaOfUrl(url);
    expect(schema).toMatch(/^t_[a-z]+$/);
    const found = withConnection(url, (client) => {
      client.querySync('CREATE TABLE notes (id serial PRIMARY KEY)');
      return {
        searchPath: client.querySync('SHOW search_path'),
        where: client.querySync("SELECT table_schema FROM information_schema.tables WHERE table_name = 'notes'"),
      };
    });
    expect(found.searchPath).toEqual([{ search_path: schema }]);
    expect(found.where).toEqual([{ table_schema: schema }]);
  });

  it('keeps two fresh URLs apart: a table made through one is not seen through the other', () => {
    const first = postgresUrlForTest();
    const second = postgresUrlForTest();
    expect(schemaOfUrl(first)).not.toBe(schemaOfUrl(second));
    withConnection(first, (client) => client.querySync('CREATE TABLE notes (body text)'));
    const seen = withConnection(second, (client) => client.querySync("SELECT to_regclass('notes') AS notes"));
    expect(seen).toEqual([{ notes: null }]);
    withConnection(second, (client) => client.querySync('CREATE TABLE notes (other integer)'));
  });

  it('round-trips accented letters and emoji as parameters', () => {
    const url = postgresUrlForTest();
    const text = 'Été à Québec 🎉👩🏽‍💻';
    const rows = withConnection(url, (client) => {
      client.querySync('CREATE TABLE notes (body text)');
      client.querySync('INSERT INTO notes (body) VALUES ($1)', [text]);
      return client.querySync('SELECT body, length(body) AS chars, octet_length(body) AS bytes FROM notes');
    });
    expect(rows).toEqual([{ body: text, chars: [...text].length, bytes: Buffer.byteLength(text) }]);
  });

  it('lets another process that connects with the same URL see and write the same schema', async () => {
    const url = postgresUrlForTest();
    withConnection(url, (client) => {
      client.querySync('CREATE TABLE notes (id serial PRIMARY KEY, body text)');
      client.querySync("INSERT INTO notes (body) VALUES ('from the tests')");
    });
    const { stdout } = await run(process.execPath, ['-e', CHILD], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url },
    });
    const schema = schemaOfUrl(url);
    expect(JSON.parse(stdout)).toEqual([
      { schema, body: 'from the tests' },
      { schema, body: 'from the other process' },
    ]);
    const count = withConnection(url, (client) => client.querySync('SELECT count(*)::int AS n FROM notes'));
    expect(count).toEqual([{ n: 2 }]);
  });

  it('drops a schema with everything in it', () => {
    const url = postgresUrlForTest();
    const schema = schemaOfUrl(url);
    withConnection(url, (client) => client.querySync('CREATE TABLE notes (body text)'));
    dropPostgresSchema(url);
    const base = url.slice(0, url.indexOf('?'));
    const left = withConnection(base, (client) =>
      client.querySync('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [schema]),
    );
    expect(left).toEqual([{ n: 0 }]);
  });
});
