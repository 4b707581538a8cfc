import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { prepareUpdate } from '../../src/pipeline/prepare.js';
import { ensureLedgerParts, updateLedgerPart } from '../../src/publish/ledger-repo.js';
import { importDrafts } from '../../src/queue/import.js';
import { setDraftStatus } from '../../src/store/drafts-repo.js';
import type { DraftRecord } from '../../src/store/types.js';
import { insertUser } from '../../src/store/users-repo.js';
import { hashPassword } from '../../src/users/passwords.js';
import { startWebServer } from '../../src/web/server.js';
import { makeWebFixture, PASSWORD, type WebFixture } from '../web/helpers.js';

/**
 * The page in a real browser, at 1280 px: a correction asked for from a published update, its draft;
 * a retraction asked for by an admin, approved by another person; the retracted thread in the
 * history. Screenshots go to `test-artifacts/` (or CRIEUR_SCREENSHOTS_DIR).
 */

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));
const ARTIFACTS =
  process.env.CRIEUR_SCREENSHOTS_DIR ?? fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AT = '2026-05-14T13:00:00Z';

let fixture: WebFixture;
let server: { url: string; close(): Promise<void> };
let context: BrowserContext;
let page: Page;
let profile: string;
let drafts: DraftRecord[];
const problems: string[] = [];

beforeAll(async () => {
  fixture = await makeWebFixture();
  const db = fixture.queue.store.db;
  insertUser(db, { name: 'Julie Roy', role: 'admin', passwordHash: await hashPassword(PASSWORD), createdAt: AT });
  const prepared = await prepareUpdate(SAMPLE, { loaded: fixture.loaded, outDir: join(fixture.dir, 'rendered') });
  drafts = importDrafts(fixture.queue, { update: prepared.update, drafts: prepared.drafts, by: 'Rédacteur' }).drafts;
  // Published everywhere, as the publisher leaves it.
  for (const draft of drafts) {
    ensureLedgerParts(db, draft.id, draft.content.posts.length, AT);
    draft.content.posts.forEach((_, index) => {
      updateLedgerPart(db, draft.id, index, {
        state: 'posted',
        remoteId: `${draft.network}-${draft.id}-${index}`,
        remoteUrl: `https://exemple.org/${draft.network}/${draft.id}/${index}`,
        updatedAt: AT,
      });
    });
    setDraftStatus(db, draft.id, 'published', null, AT);
  }
  fixture.advance(3 * 3600_000);
  server = await startWebServer({
    queue: fixture.queue,
    loaded: fixture.loaded,
    log: silentLogger(),
    host: '127.0.0.1',
    port: 0,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'crieur-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: 'fr-CA',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  fixture?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function signIn(name: string): Promise<void> {
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Nom d’utilisateur').fill(name);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.url}/`);
}

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
}

function draftOf(network: string): DraftRecord {
  const draft = drafts.find((item) => item.network === network);
  if (draft === undefined) throw new Error(`no ${network} draft`);
  return draft;
}

describe('corrections and retractions in a real browser', () => {
  it('asks for a correction from a published update and shows its draft, kind « Correctif »', async () => {
    await signIn('Rédacteur');
    const x = draftOf('x');
    await page.goto(`${server.url}/brouillons/${x.id}`);
    expect(await page.getByRole('button', { name: 'Retirer la publication' }).count()).toBe(0);
    await page
      .getByLabel(/Texte du correctif/u)
      .fill('Le nombre de prélèvements d’hier était de 1 016, et non de 1 106.');
    await page.getByRole('button', { name: 'Publier un correctif' }).click();
    await page.waitForURL(/\/brouillons\/\d+$/u);
    await expect(page.locator('.kind-line[data-kind="correction"]').isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByText(/Correctif\u00a0: Le nombre de prélèvements/u)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'correctif-brouillon.png'), fullPage: true });
    await page.goto(`${server.url}/`);
    await expect(page.locator('.chip-kind[data-kind="correction"]').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'correctif-file-d-attente.png'), fullPage: true });
    await signOut();
    expect(problems).toEqual([]);
  }, 60_000);

  it('lets an admin ask for a retraction; another person approves it; the history shows who and why', async () => {
    await signIn('Julie Roy');
    const x = draftOf('x');
    await page.goto(`${server.url}/brouillons/${x.id}`);
    await page.getByLabel(/Raison du retrait/u).fill('Les chiffres des prélèvements étaient erronés.');
    await page.getByLabel(/Je confirme : une fois approuvé/u).check();
    await page.getByRole('button', { name: 'Retirer la publication' }).click();
    await page.waitForURL(/\/brouillons\/\d+$/u);
    const retraction = Number(page.url().split('/').at(-1));
    await expect(page.locator('.kind-line[data-kind="retraction"]').isVisible()).resolves.toBe(true);
    await signOut();
    await signIn('Camille Tremblay');
    await page.goto(`${server.url}/brouillons/${retraction}`);
    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.waitForURL(`${server.url}/brouillons/${retraction}`);
    // What the publisher does once every post of the thread is deleted.
    setDraftStatus(fixture.queue.store.db, retraction, 'published', null, '2026-05-14T16:05:00Z');
    await page.goto(`${server.url}/historique`);
    const entry = page.locator(`[data-history-draft="${x.id}"]`);
    await expect(entry.locator('[data-retracted]').isVisible()).resolves.toBe(true);
    await expect(
      entry.getByText(/à la demande de Julie Roy, approuvé par Camille Tremblay/u).isVisible(),
    ).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'retrait-historique.png'), fullPage: true });
    await page.goto(`${server.url}/brouillons/${x.id}`);
    await expect(page.getByRole('heading', { name: 'Publication retirée' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'retrait-brouillon.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);
});
