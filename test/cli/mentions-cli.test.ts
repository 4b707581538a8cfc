import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Update } from '../../src/update/types.js';
import { tempDir } from '../queue/fixtures.js';
import { runCli } from './run-cli.js';

/** French typography's no-break spaces read as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/gu, ' ');

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('crieur-mentions-cli-');
  writeFileSync(
    join(dir.path, 'crieur.yaml'),
    'accounts:\n  SanteQc: { name: "Santé Québec", x: "@SanteQc", bluesky: "@santequebec.bsky.social" }\n',
  );
  writeFileSync(
    join(dir.path, 'update.md'),
    '---\ndate: 2026-05-14\ntitle: Mise à jour quotidienne\nlink: https://www.exemple.qc.ca/\n---\n\n# Déploiement\n\n- Merci à @SanteQc et à @Partenaire pour leur soutien.\n',
  );
});
afterEach(() => dir.remove());

describe('mentions from the command line', () => {
  it('check and preview give the same warning for an unmapped handle; each network gets its own form', async () => {
    const env = { CRIEUR_DATA_DIR: join(dir.path, 'data') };
    const config = join(dir.path, 'crieur.yaml');
    const check = await runCli(['check', 'update.md', '--json', '--config', config], { env, cwd: dir.path });
    expect(check.code, check.stderr).toBe(0);
    const warnings = (JSON.parse(check.stdout) as Update).warnings ?? [];
    expect(warnings.map((warning) => plain(warning.messageFr))).toEqual([
      'update.md, ligne 9 : @Partenaire n’est pas dans les comptes de la configuration (accounts) : il reste écrit « @Partenaire » en texte simple sur Bluesky, LinkedIn et Facebook ; X en fera un lien vers le compte @Partenaire, quel qu’en soit le titulaire.',
    ]);
    const preview = await runCli(
      ['preview', 'update.md', '--json', '--config', config, '--out', join(dir.path, 'out')],
      {
        env,
        cwd: dir.path,
      },
    );
    expect(preview.code, preview.stderr).toBe(0);
    const shown = JSON.parse(preview.stdout) as {
      update: Update;
      drafts: { network: string; posts: { text: string }[]; warnings: string[] }[];
    };
    expect(shown.update.warnings).toEqual(warnings);
    const post = (network: string) => shown.drafts.find((draft) => draft.network === network)!.posts[0]!.text;
    expect(post('x')).toContain('Merci à @SanteQc et à @Partenaire');
    expect(post('bluesky')).toContain('Merci à @santequebec.bsky.social et à @Partenaire');
    expect(post('linkedin')).toContain('Merci à Santé Québec et à @Partenaire');
    const x = shown.drafts.find((draft) => draft.network === 'x')!;
    expect(x.warnings.map(plain)).toContain(
      'update.md, ligne 9 : @Partenaire n’est pas dans les comptes de la configuration (accounts) : il reste écrit « @Partenaire » ; X en fera un lien vers le compte @Partenaire, quel qu’en soit le titulaire.',
    );
  }, 60_000);

  it('refuses a malformed account in the configuration, naming the key', async () => {
    writeFileSync(join(dir.path, 'crieur.yaml'), 'accounts:\n  SanteQc: { x: "Santé Québec" }\n');
    const check = await runCli(['check', 'update.md', '--config', join(dir.path, 'crieur.yaml')], {
      env: {},
      cwd: dir.path,
    });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('accounts.SanteQc.x');
  });
});
