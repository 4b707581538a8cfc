import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { listDrafts } from '../../src/store/drafts-repo.js';
import { getUpdate } from '../../src/store/updates-repo.js';
import { startWebServer } from '../../src/web/server.js';
import { type Browser, openBrowser } from './chromium.js';
import { makeWebFixture, PASSWORD, type WebFixture } from './helpers.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** What Word puts on the clipboard: styled paragraphs, lists as `mso-list` paragraphs, conditional comments. */
const WORD_CLIPBOARD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"><style>p.MsoTitle{font-size:28pt}</style></head><body lang=FR-CA>
<p class=MsoTitle>Mise à jour quotidienne</p>
<p class=MsoSubtitle>Dossier santé numérique (DSN)</p>
<h1>Un réseau qui apprend et s’adapte en temps réel</h1>
<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Malgré l’ampleur du changement, la continuité des soins a été assurée.</p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:1.0in;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Détails sur le <a href="https://www.santequebec.gouv.qc.ca/dsn">site de Santé Québec</a>.</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp;</span></span></span><![endif]>Le DSN passe d’un projet technologique à un outil concret.</p>
<h2>Mise à jour technologique</h2>
<h3>Mercredi 13 mai 2026</h3>
<p class=MsoListParagraphCxSpFirst style='mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>·</span><![endif]><b>22 460</b> utilisateurs se sont déjà connectés au DSN, sur un total de 30 000 utilisateurs.</p>
<p class=MsoListParagraphCxSpLast style='mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>·</span><![endif]><b>74,88 %</b> des accès sont déjà effectués.</p>
<p class=MsoNormal><img width=40 height=40 src="file:///C:/Users/x/AppData/Local/Temp/logo.png"><script>alert('collé')</script></p>
</body></html>`;

let fixture: WebFixture;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let problems: string[] = [];

beforeAll(async () => {
  fixture = await makeWebFixture();
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

describe('« Nouvelle mise à jour » in a real browser', () => {
  it('a paste from Word keeps headings, bullets, bold and links; preview shows each network and its cards; saving queues the drafts', async () => {
    await page.goto(`${server.url}/connexion`);
    await page.getByLabel('Nom d’utilisateur').fill('Rédacteur');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: 'Rédiger' }).click();
    await page.waitForURL(`${server.url}/nouvelle`);
    expect(await page.getByLabel('Date de la mise à jour').inputValue()).toBe('2026-05-14');

    const body = page.getByLabel('Texte de la mise à jour');
    await body.focus();
    // What the browser does on Ctrl+V with Word's clipboard (the headless browser has no clipboard).
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/html', ${JSON.stringify(WORD_CLIPBOARD)});
      data.setData('text/plain', 'texte brut');
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      document.getElementById('corps').dispatchEvent(event);
    })()`);
    await expect.poll(() => page.locator('[data-paste-status]').textContent()).toContain('Collage converti');
    expect(await page.locator('[data-paste-status]').textContent()).toContain('1 image(s) laissée(s) de côté');
    const text = await body.inputValue();
    expect(text).toContain('# Un réseau qui apprend et s’adapte en temps réel');
    expect(text).toContain('- Malgré l’ampleur du changement');
    expect(text).toContain('  - Détails sur le [site de Santé Québec](https://www.santequebec.gouv.qc.ca/dsn).');
    expect(text).toContain('### Mercredi 13 mai 2026');
    expect(text).toContain('- **22 460** utilisateurs');
    expect(text).not.toMatch(/<|alert|mso-|MsoTitle|·/);
    expect(text).not.toContain('Mise à jour quotidienne');
    expect(await page.getByLabel('Résumé (sous le titre)').inputValue()).toBe('Dossier santé numérique (DSN)');
    await page.getByLabel('Lien « Pour en savoir plus »').fill('https://www.santequebec.gouv.qc.ca/');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: join(ARTIFACTS, 'nouvelle-mise-a-jour-1280.png'), fullPage: true });

    await page.getByRole('button', { name: 'Aperçu' }).click();
    await page.waitForLoadState('load');
    const preview = page.locator('#apercu');
    await expect
      .poll(() => preview.locator('h2').textContent())
      .toBe('Aperçu\u00A0: Mise à jour quotidienne, 14 mai 2026');
    const networks = await preview.locator('.preview-network h3').allTextContents();
    expect(networks.length).toBeGreaterThanOrEqual(4);
    expect(await preview.textContent()).toContain('22 460');
    const cards = preview.locator('.preview-card img');
    expect(await cards.count()).toBeGreaterThan(0);
    const loaded = await page.evaluate(
      "[...document.querySelectorAll('#apercu .preview-card img')].every((image) => image.complete && image.naturalWidth > 0)",
    );
    expect(loaded).toBe(true);
    // The form comes back filled: nothing typed is lost by a preview.
    expect(await body.inputValue()).toBe(text);
    expect(listDrafts(fixture.queue.store.db, { date: '2026-05-14' })).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(
      "[...document.querySelectorAll('main *')].filter((element) => element.getBoundingClientRect().right > 391).map((element) => element.tagName + '.' + element.className)",
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate("document.querySelector('main').scrollWidth")).toBeLessThanOrEqual(390);
    await page.locator('form[data-written-form]').screenshot({ path: join(ARTIFACTS, 'nouvelle-mise-a-jour-390.png') });
    await preview.screenshot({ path: join(ARTIFACTS, 'nouvelle-mise-a-jour-apercu-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Keyboard only: from the text, Tab reaches « Aperçu » then « Créer les brouillons ».
    await body.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Créer les brouillons');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.locator('.flash-ok').textContent()).toContain('Brouillons créés pour le 14 mai 2026');

    const drafts = listDrafts(fixture.queue.store.db, { date: '2026-05-14' });
    expect(drafts.length).toBe(networks.length);
    expect(drafts.every((draft) => draft.status === 'awaiting_review')).toBe(true);
    const update = getUpdate(fixture.queue.store.db, drafts[0]!.updateId)!;
    const source = readFileSync(update.sourcePath, 'utf8');
    expect(source).not.toMatch(/<[a-z]/i);
    expect(source.split('\n').slice(0, 3)).toEqual([
      'Mise à jour quotidienne',
      'Dossier santé numérique (DSN)',
      '2026-05-14',
    ]);
    expect(problems).toEqual([]);
  });

  it('a refused text comes back with the message and everything typed', async () => {
    problems.length = 0;
    await page.goto(`${server.url}/nouvelle`);
    await page.getByLabel('Texte de la mise à jour').fill('Faits saillants\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n');
    await page.getByRole('button', { name: 'Aperçu' }).click();
    await page.waitForLoadState('load');
    await expect
      .poll(() => page.locator('[data-written-error]').textContent())
      .toContain('texte, ligne 3\u00A0: les tableaux');
    expect(await page.getByLabel('Texte de la mise à jour').inputValue()).toContain('| 1 | 2 |');
    await page.getByLabel('Titre', { exact: true }).fill('');
    await page.getByLabel('Titre', { exact: true }).evaluate((input) => input.removeAttribute('required'));
    await page.getByRole('button', { name: 'Aperçu' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('#erreurs').textContent()).toContain('Le titre est obligatoire');
    expect(await page.getByLabel('Titre', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // The two refusals answer 422, which the browser logs; nothing else may.
    expect(problems.filter((problem) => !problem.includes('status of 422'))).toEqual([]);
  });
});
