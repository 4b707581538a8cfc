import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as approveCommand } from '../../src/cli/commands/approve.js';
import { command as auditCommand } from '../../src/cli/commands/audit.js';
import { command as draftCommand } from '../../src/cli/commands/draft.js';
import { command as editCommand } from '../../src/cli/commands/edit.js';
import { command as queueCommand } from '../../src/cli/commands/queue.js';
import { command as showCommand } from '../../src/cli/commands/show.js';
import { tempDir } from '../queue/fixtures.js';
import { type CliRun, runCli } from './run-cli.js';

const COMMANDS = [draftCommand, queueCommand, showCommand, editCommand, approveCommand, auditCommand];
const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));

interface ShownDraft {
  id: string;
  network: string;
  status: string;
  version: number;
  format: string;
  posts: { text: string }[];
  omitted: { text: string; section: string; reason: string }[];
}

let dir: { path: string; remove: () => void };
let dataDir: string;
beforeEach(() => {
  dir = tempDir('crieur-format-cli-');
  dataDir = join(dir.path, 'data');
});
afterEach(() => dir.remove());

function run(...argv: string[]): Promise<CliRun> {
  return runCli(argv, { env: { CRIEUR_DATA_DIR: dataDir }, cwd: dir.path }, COMMANDS);
}

async function show(id: string): Promise<ShownDraft> {
  const shown = await run('show', id, '--json');
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout) as ShownDraft;
}

describe('crieur edit <id> --format', () => {
  it('composes the draft again as a thread or full text: a new version, its format in show and queue --json', async () => {
    const drafted = await run('draft', SAMPLE, '--by', 'ana', '--json');
    expect(drafted.code, drafted.stderr).toBe(0);
    const drafts = (JSON.parse(drafted.stdout) as { drafts: ShownDraft[] }).drafts;
    const x = drafts.find((draft) => draft.network === 'x')!;
    const linkedin = drafts.find((draft) => draft.network === 'linkedin')!;
    expect([x.format, x.posts.length, linkedin.format]).toEqual(['digest', 3, 'digest']);

    // Approved first: switching clears the approval.
    expect((await run('approve', x.id, '--by', 'bruno')).code).toBe(0);
    const switched = await run('edit', x.id, '--format', 'thread', '--by', 'ana');
    expect(switched.code, switched.stderr).toBe(0);
    const thread = await show(x.id);
    expect(thread).toMatchObject({ format: 'thread', version: 2, status: 'awaiting_review' });
    expect(thread.posts.length).toBeGreaterThan(3);
    // Post 1 carries content and the link; nothing of the sample is left out of the thread.
    expect(thread.posts[0]!.text).toContain('continuité des soins');
    expect(thread.posts[0]!.text).toContain('https://');
    expect(thread.omitted).toEqual([]);

    const full = await run('edit', linkedin.id, '--format', 'full', '--by', 'ana');
    expect(full.code, full.stderr).toBe(0);
    const long = await show(linkedin.id);
    expect(long.format).toBe('full');
    // The sample does not fit in one LinkedIn post: what is left out is listed and needs a decision.
    expect(long.status).toBe('needs_decision');
    expect(long.omitted.length).toBeGreaterThan(0);
    expect(long.omitted.every((item) => item.reason === 'network-limit')).toBe(true);
    expect((await run('approve', linkedin.id, '--by', 'bruno')).code).toBe(2);
    expect((await run('approve', linkedin.id, '--by', 'bruno', '--accept-omissions')).code).toBe(0);

    const queued = JSON.parse((await run('queue', '--json')).stdout) as { drafts: ShownDraft[] };
    expect(queued.drafts.map((draft) => [draft.network, draft.format])).toEqual([
      ['x', 'thread'],
      ['bluesky', 'digest'],
      ['linkedin', 'full'],
      ['facebook', 'digest'],
      ['site', 'full'],
    ]);

    // And back to the digest.
    expect((await run('edit', x.id, '--format', 'digest', '--by', 'ana')).code).toBe(0);
    expect(await show(x.id)).toMatchObject({ format: 'digest', version: 3 });
    expect((await run('audit', '--verify')).code).toBe(0);
  }, 120_000);

  it('keeps the key figures the team chose for the card', async () => {
    const drafted = await run('draft', SAMPLE, '--by', 'ana', '--json');
    const x = (JSON.parse(drafted.stdout) as { drafts: ShownDraft[] }).drafts.find((draft) => draft.network === 'x')!;
    expect((await run('edit', x.id, '--figures', '2,1', '--by', 'ana')).code).toBe(0);
    expect((await run('edit', x.id, '--format', 'thread', '--by', 'ana')).code).toBe(0);
    const thread = JSON.parse((await run('show', x.id, '--json')).stdout) as {
      format: string;
      posts: { media: { alt: string }[] }[];
    };
    expect(thread.format).toBe('thread');
    const alt = thread.posts[0]!.media[0]!.alt.replace(/[\u00a0\u202f]/gu, ' ');
    expect(alt).toMatch(/Chiffres clés\. 74,88 % des accès .*\. 22 460 utilisateurs [^.]*\.$/u);
  }, 120_000);

  it('refuses a format the network does not take, the current one, the website, and --format with other edits', async () => {
    const drafted = await run('draft', SAMPLE, '--by', 'ana', '--json');
    const drafts = (JSON.parse(drafted.stdout) as { drafts: ShownDraft[] }).drafts;
    const id = (network: string) => drafts.find((draft) => draft.network === network)!.id;

    const wrong = await run('edit', id('linkedin'), '--format', 'thread', '--by', 'ana');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('LinkedIn accepte les formats digest (condensé), full (texte complet)');
    const same = await run('edit', id('x'), '--format', 'digest', '--by', 'ana');
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('déjà au format condensé');
    const site = await run('edit', id('site'), '--format', 'digest', '--by', 'ana');
    expect(site.code).toBe(2);
    expect(site.stderr).toContain('le site reçoit toujours la mise à jour complète');
    const mixed = await run('edit', id('x'), '--format', 'thread', '--figures', '1,2', '--by', 'ana');
    expect(mixed.code).toBe(2);
    for (const network of ['x', 'linkedin', 'site']) expect((await show(id(network))).version).toBe(1);
  }, 120_000);
});
