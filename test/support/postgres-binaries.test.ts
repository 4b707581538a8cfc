import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPostgresBinDir, PostgresClusterError } from './postgres-binaries.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function fakeRoot(versions: Record<string, string[]>): string {
  const root = mkdtempSync(join(tmpdir(), 'crieur-pgbin-'));
  roots.push(root);
  for (const [version, tools] of Object.entries(versions)) {
    mkdirSync(join(root, version, 'bin'), { recursive: true });
    for (const tool of tools) writeFileSync(join(root, version, 'bin', tool), '');
  }
  return root;
}

describe('findPostgresBinDir', () => {
  it('picks the newest version that has the server tools, comparing versions as numbers', () => {
    const root = fakeRoot({
      '9.6': ['initdb', 'pg_ctl'],
      '15': ['initdb', 'pg_ctl'],
      '17': ['psql'],
      '16': ['initdb', 'pg_ctl'],
    });
    expect(findPostgresBinDir(root)).toBe(join(root, '16', 'bin'));
  });

  it('names the Debian package to install when no server is there', () => {
    for (const root of [fakeRoot({ '16': ['psql'] }), join(tmpdir(), 'crieur-no-such-folder')]) {
      expect(() => findPostgresBinDir(root)).toThrow(PostgresClusterError);
      expect(() => findPostgresBinDir(root)).toThrow(/package `postgresql`/);
    }
  });
});
