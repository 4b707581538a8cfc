import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCount } from '../../src/compose/describe-count.js';
import { silentLogger } from '../../src/log.js';
import { prepareUpdate } from '../../src/pipeline/prepare.js';
import { ensureLedgerParts, updateLedgerPart } from '../../src/publish/ledger-repo.js';
import { importDrafts } from '../../src/queue/import.js';
import { getDraft, setDraftStatus } from '../../src/store/drafts-repo.js';
import type { DraftRecord } from '../../src/store/types.js';
import { startWebServer } from '../../src/web/server.js';
import { makeCard, makeUpdate } from '../queue/fixtures.js';
import { AXE_SOURCE, type Browser, openBrowser } from './chromium.js';
import { makeWebFixture, PASSWORD, type WebFixture } from './helpers.js';

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let fixture: WebFixture;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let drafts: DraftRecord[];
let problems: string[] = [];

beforeAll(async () => {
  fixture = await makeWebFixture();
  const prepared = await prepareUpdate(SAMPLE, { loaded: fixture.loaded, outDir: join(fixture.dir, 'rendered') });
  drafts = importDrafts(fixture.queue, { update: prepared.update, drafts: prepared.drafts, by: 'importation' }).drafts;
  // The day after, and a day before already published (in a dry run): the queue has more than one date.
  const card = await makeCard(fixture.dir, 'card', '#0b4f8a', 'Chiffres clés du jour.');
  for (const date of ['2026-05-15', '2026-05-13']) {
    importDrafts(fixture.queue, {
      update: { ...makeUpdate(date), title: `Mise à jour du ${date}` },
      drafts: [{ network: 'x', posts: [{ text: `Mise à jour du ${date}.`, media: [card] }], warnings: [] }],
      by: 'importation',
    });
  }
  const past = importDrafts(fixture.queue, {
    update: { ...makeUpdate('2026-05-12'), title: 'Publiée hier' },
    drafts: [
      {
        network: 'bluesky',
        posts: [
          { text: 'Un.', media: [card] },
          { text: 'Deux.', media: [] },
        ],
        warnings: [],
      },
    ],
    by: 'importation',
  }).drafts[0]!;
  const at = '2026-05-12T13:00:00Z';
  setDraftStatus(fixture.queue.store.db, past.id, 'published', null, at);
  ensureLedgerParts(fixture.queue.store.db, past.id, 2, at);
  for (const part of [0, 1]) {
    updateLedgerPart(fixture.queue.store.db, past.id, part, {
      state: 'posted',
      remoteId: `dry-run:bluesky:${part + 1}`,
      updatedAt: at,
    });
  }
  server = await startWebServer({
    queue: fixture.queue,
    loaded: fixture.loaded,
    log: silentLogger(),
    host: '127.0.0.1',
    port: 0,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await openBrowser();
  page = browser.page;
  problems = browser.problems;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fixture?.close();
});

async function signIn(name: string): Promise<void> {
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Nom d’utilisateur').fill(name);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.url}/`);
}

function xDraft(): DraftRecord {
  const draft = drafts.find((item) => item.network === 'x');
  if (draft === undefined) throw new Error('the sample has no X draft');
  return draft;
}

describe('approval page in a real browser', () => {
  it('edits with a live count, shows the author why they cannot approve, and takes another person’s approval', async () => {
    await signIn('Camille Tremblay');
    await expect(page.getByRole('heading', { name: 'File d’attente' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'file-d-attente.png'), fullPage: true });

    const id = xDraft().id;
    await page.locator(`a[href="/brouillons/${id}"]`).first().click();
    await page.waitForURL(`${server.url}/brouillons/${id}`);
    await page.screenshot({ path: join(ARTIFACTS, 'brouillon-x.png'), fullPage: true });

    const firstPost = page.locator('#publication-1');
    await firstPost.getByText('Modifier le texte', { exact: true }).click();
    const field = firstPost.getByLabel('Texte de la publication 1');
    const output = firstPost.locator('output');
    const original = await field.inputValue();
    expect(await output.textContent()).toBe(describeCount('x', original).label);

    const edited = `${original.split('\n')[0]}\n\nTexte revu par l’équipe des communications.`;
    const expected = describeCount('x', edited).label;
    expect(expected).not.toBe(describeCount('x', original).label);
    await field.fill(edited);
    await expect.poll(() => output.textContent()).toBe(expected);
    await page.screenshot({ path: join(ARTIFACTS, 'brouillon-x-modification.png'), fullPage: true });
    await firstPost.getByRole('button', { name: 'Enregistrer le texte' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.flash-ok').textContent()).toContain('Texte enregistré');
    expect(await page.locator('#publication-1 .post-text').textContent()).toBe(edited.trim());
    expect(await page.locator('#publication-1 [data-count-display]').textContent()).toBe(expected);

    // The author of the last version is told why, instead of being offered a button the server refuses.
    expect(await page.getByRole('button', { name: 'Approuver' }).count()).toBe(0);
    expect(await page.locator('[data-cannot-approve]').textContent()).toContain('règle des quatre yeux');
    expect(await page.locator('.meta-line .badge').textContent()).toBe('En attente d’approbation');
    expect(getDraft(fixture.queue.store.db, id)?.status).toBe('awaiting_review');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${server.url}/connexion`);
    await signIn('Dominique Roy');
    await page.goto(`${server.url}/brouillons/${id}`);
    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.meta-line .badge').textContent()).toBe('Approuvé');
    expect(await page.locator('[data-approval]').textContent()).toContain('Dominique Roy');
    expect(getDraft(fixture.queue.store.db, id)?.status).toBe('approved');
    await page.screenshot({ path: join(ARTIFACTS, 'brouillon-x-approuve.png'), fullPage: true });

    const linkedin = drafts.find((draft) => draft.network === 'linkedin');
    if (linkedin !== undefined) {
      await page.goto(`${server.url}/brouillons/${linkedin.id}`);
      await page.screenshot({ path: join(ARTIFACTS, 'brouillon-linkedin.png'), fullPage: true });
    }
    await page.goto(`${server.url}/`);
    await page.screenshot({ path: join(ARTIFACTS, 'file-d-attente-apres.png'), fullPage: true });
    await page.goto(`${server.url}/journal?verifier=1`);
    expect(await page.locator('[data-chain]').getAttribute('data-chain')).toBe('ok');
    await page.screenshot({ path: join(ARTIFACTS, 'journal.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  it('puts the next 9 h first, shows the website page itself, and fits 1280, 390 and 360 px with no axe violation', async () => {
    await page.goto(`${server.url}/`);
    if (page.url().endsWith('/connexion')) await signIn('Dominique Roy');
    const dates = await page
      .locator('[data-update-date]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-update-date')));
    expect(dates[0]).toBe('2026-05-14');
    expect(dates.indexOf('2026-05-15')).toBe(1);
    expect(await page.locator('#prochaine').textContent()).toContain('jeudi 14 mai à 9\u00a0h');

    const site = drafts.find((draft) => draft.network === 'site');
    if (site === undefined) throw new Error('the sample has no website draft');
    await page.goto(`${server.url}/brouillons/${site.id}`);
    const frame = page.frameLocator('.site-frame');
    const shown = (await frame.locator('body').textContent()) ?? '';
    expect(shown).toContain('Chiffres clés');
    expect(shown).not.toContain('---');
    expect(shown).not.toContain('figures:');
    expect(await frame.locator('link[rel="stylesheet"]').getAttribute('href')).toBe('/apercu-site/style.css');

    const linkedin = drafts.find((draft) => draft.network === 'linkedin');
    const facebook = drafts.find((draft) => draft.network === 'facebook');
    const bluesky = drafts.find((draft) => draft.network === 'bluesky');
    const pages = {
      'file-d-attente': '/',
      'brouillon-x': `/brouillons/${xDraft().id}`,
      'brouillon-linkedin': `/brouillons/${linkedin?.id}`,
      'brouillon-facebook': `/brouillons/${facebook?.id}`,
      'brouillon-bluesky': `/brouillons/${bluesky?.id}`,
      'brouillon-site': `/brouillons/${site.id}`,
      historique: '/historique',
      journal: '/journal',
      import: '/import',
      repetitions: '/repetitions',
      rediger: '/nouvelle',
    };
    const failures: string[] = [];
    // 360 px: the narrowest phones still common; 390 px: today's usual phone.
    for (const width of [1280, 390, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(`${server.url}${path}`);
        // Details opened, as someone reading the technical details or editing would.
        await page.locator('details').evaluateAll((nodes) => {
          for (const node of nodes) node.setAttribute('open', '');
        });
        const { scrollWidth, innerWidth } = (await page.evaluate(
          '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
        )) as { scrollWidth: number; innerWidth: number };
        if (scrollWidth > innerWidth) failures.push(`${name} at ${width} px: ${scrollWidth} px wide`);
        // Evaluated through the browser's debugging protocol: the page's own CSP stays as it is.
        await page.evaluate(AXE_SOURCE);
        const violations = (await page.evaluate(
          `axe.run(document).then((result) => result.violations.map((v) => v.id + ' ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
        )) as string[];
        for (const violation of violations) failures.push(`${name} at ${width} px: ${violation}`);
        if (name === 'file-d-attente' || name === 'brouillon-x') {
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
        }
      }
    }
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
  }, 480_000);
});
