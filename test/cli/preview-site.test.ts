import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { command as previewCommand } from '../../src/cli/commands/preview.js';
import { main } from '../../src/cli/main.js';

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('crieur preview --json', () => {
  it('includes the website draft: the whole update as one post with every card and its alt text', async () => {
    dir = mkdtempSync(join(tmpdir(), 'crieur-preview-'));
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const env = { CRIEUR_DATA_DIR: join(dir, 'data') };
    const code = await main(
      ['preview', SAMPLE, '--json', '--out', 'cards'],
      { stdout, stderr: new PassThrough(), env, cwd: dir },
      [previewCommand],
    );
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      drafts: Array<{
        network: string;
        posts: Array<{ text: string; count: { limit: number; valid: boolean }; media: Array<{ alt: string }> }>;
      }>;
    };
    expect(json.drafts.map((draft) => draft.network)).toEqual(['x', 'bluesky', 'linkedin', 'facebook', 'site']);
    const site = json.drafts.find((draft) => draft.network === 'site')!;
    expect(site.posts).toHaveLength(1);
    const post = site.posts[0]!;
    expect(post.count).toMatchObject({ limit: 200_000, valid: true });
    expect(post.text).toMatch(/^---\ndate: 2026-05-14\n/u);
    expect(post.text).toContain('link: https://www.santequebec.gouv.qc.ca/');
    expect(post.text).toContain('## Objectif – DSN en marche');
    expect(post.media).toHaveLength(3);
    for (const media of post.media) expect(media.alt.length).toBeGreaterThan(20);
  });
});
