import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as approveCommand } from '../../src/cli/commands/approve.js';
import { command as draftCommand } from '../../src/cli/commands/draft.js';
import { command as editCommand } from '../../src/cli/commands/edit.js';
import { command as showCommand } from '../../src/cli/commands/show.js';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from './fixtures.js';

const COMMANDS = [draftCommand, showCommand, editCommand, approveCommand];
const TOO_LONG = fileURLToPath(new URL('../fixtures/updates/figure-too-long.md', import.meta.url));

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('crieur-figures-fit-');
  writeFileSync(
    join(dir.path, 'crieur.yaml'),
    `dataDir: ${JSON.stringify(join(dir.path, 'data'))}\nnetworks: [linkedin]\n`,
  );
});
afterEach(() => dir.remove());
const cli = (...argv: string[]) =>
  runCli([...argv, '--config', join(dir.path, 'crieur.yaml')], { env: {}, cwd: dir.path }, COMMANDS);

interface Shown {
  status: string;
  version: number;
  omitted: { text: string; reason: string }[];
}
const show = async () => JSON.parse((await cli('show', 'd1', '--json')).stdout) as Shown;

describe('a key figure no card can hold, on LinkedIn (one image per post)', () => {
  it('the draft needs a decision; a choice that cannot be drawn whole is refused; a choice that can be clears it', async () => {
    const drafted = await cli('draft', TOO_LONG, '--by', 'ana');
    expect(drafted.code, drafted.stderr).toBe(0);
    const first = await show();
    expect(first.status).toBe('needs_decision');
    expect(first.omitted.filter((item) => item.reason === 'figure-too-long')).toHaveLength(1);

    const refused = await cli('edit', 'd1', '--figures', '1,2,3,4', '--by', 'ana');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ne tient pas en entier sur la carte, même à la plus petite taille');
    expect((await show()).version).toBe(1);

    const chosen = await cli('edit', 'd1', '--figures', '2,1', '--by', 'ana');
    expect(chosen.code, chosen.stderr).toBe(0);
    const after = await show();
    expect(after).toMatchObject({ version: 2, status: 'awaiting_review' });
    expect(after.omitted.filter((item) => item.reason === 'figure-too-long')).toEqual([]);
    expect((await cli('approve', 'd1', '--by', 'bruno')).code).toBe(0);
  }, 180_000);
});
