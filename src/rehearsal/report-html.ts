import { basename } from 'node:path';
import { statusLabel } from '../i18n/fr.js';
import { frenchBytes } from '../i18n/sizes.js';
import { networkLabel } from '../networks/index.js';
import { frenchLongDate } from '../update/french-dates.js';
import { html, Markup } from '../util/html.js';
import { frenchInstantFormat } from '../web/time-format.js';
import type { RehearsalMedia, RehearsalNetwork, RehearsalPost, RehearsalReport } from './report.js';

const DEFAULT_ZONE = 'America/Toronto';
const SAFE_MEDIA_SRC = /^media\/[A-Za-z0-9._-]+$/;

export interface RenderOptions {
  /** IANA zone the times are shown in (default America/Toronto). */
  timeZone?: string;
  /** Media paths (as in the report) whose file is not there: shown as a placeholder. */
  missingMedia?: ReadonlySet<string>;
}

interface View {
  report: RehearsalReport;
  when: TimeFormats;
  missing: ReadonlySet<string>;
}

/** The rehearsal report as one self-contained French page: inline CSS, no script, every text escaped. */
export function renderRehearsalHtml(report: RehearsalReport, options: RenderOptions = {}): string {
  const zone = options.timeZone ?? DEFAULT_ZONE;
  const when = timeFormats(zone);
  const view: View = { report, when, missing: options.missingMedia ?? new Set() };
  const totalPosts = report.networks.reduce((sum, network) => sum + network.posts.length, 0);
  const page = html`<!doctype html>
<html lang="fr-CA">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file: data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>Répétition — mise à jour du ${when.day(report.date)}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body>
<header class="page">
<p class="kicker">Répétition — rien n’a été publié</p>
<h1>Mise à jour du ${when.day(report.date)}</h1>
<p>Ce rapport montre exactement ce qui aurait été envoyé sur chaque réseau, dans l’ordre, avec les images et leur texte de remplacement.</p>
<dl class="meta">
<dt>Fichier</dt><dd><code>${basename(report.updateFile)}</code></dd>
<dt>Heure simulée</dt><dd>${when.instant(report.simulatedAt)}</dd>
<dt>Publication prévue</dt><dd>${when.instant(report.publishAt)}</dd>
<dt>Rapport produit</dt><dd>${when.instant(report.createdAt)}</dd>
</dl>
</header>
<main>
${updateWarningsSection(report)}
<section class="summary" aria-labelledby="sommaire">
<h2 id="sommaire">Sommaire</h2>
<table>
<thead><tr><th scope="col">Réseau</th><th scope="col">État</th><th scope="col">Publications</th><th scope="col">Durée</th><th scope="col">Avertissements</th><th scope="col">Erreurs</th></tr></thead>
<tbody>
${report.networks.map(
  (network) =>
    html`<tr><th scope="row"><a href="#${anchor(network)}">${networkLabel(network.network)}</a></th><td>${statusLabel(network.status)}</td><td>${network.posts.length}</td><td>${duration(network.durationMs)}</td><td>${network.warnings.length}</td><td class="${network.errors.length > 0 ? 'bad' : ''}">${network.errors.length}</td></tr>\n`,
)}</tbody>
</table>
<p>${totalPosts} ${totalPosts > 1 ? 'publications' : 'publication'} au total.</p>
</section>
${report.networks.map((network) => networkSection(network, view))}
${followUpsSection(report)}
</main>
</body>
</html>
`;
  return page.value;
}

/** What `crieur check` warns about in the update, before anything per network. */
function updateWarningsSection(report: RehearsalReport): Markup {
  const warnings = report.warnings ?? [];
  if (warnings.length === 0) return html``;
  return html`<section class="summary warnings" aria-labelledby="avertissements-mise-a-jour">
<h2 id="avertissements-mise-a-jour">Avertissements sur la mise à jour</h2>
<ul>${warnings.map((warning) => html`<li>${warning.messageFr}</li>`)}</ul>
</section>`;
}

/** With `--correct` or `--retract`: the correction and the retraction, network by network. */
function followUpsSection(report: RehearsalReport): Markup {
  const followUps = report.followUps ?? [];
  if (followUps.length === 0) return html``;
  return html`<section aria-labelledby="correctifs">
<h2 id="correctifs">Correctif et retrait</h2>
<table>
<thead><tr><th scope="col">Réseau</th><th scope="col">Quoi</th><th scope="col">État</th><th scope="col">Fait</th><th scope="col">Texte</th></tr></thead>
<tbody>
${followUps.map(
  (item) =>
    html`<tr><th scope="row">${networkLabel(item.network)}</th><td>${item.kind === 'correction' ? 'Correctif' : 'Retrait'}</td><td>${statusLabel(item.status)}</td><td>${item.done}\u00a0${item.kind === 'correction' ? (item.done > 1 ? 'publications' : 'publication') : item.done > 1 ? 'suppressions' : 'suppression'}</td><td>${item.texts.join(' / ')}</td></tr>\n`,
)}</tbody>
</table>
</section>`;
}

function networkSection(network: RehearsalNetwork, view: View): Markup {
  const total = network.posts.length;
  return html`<section class="network ${network.network}" id="${anchor(network)}">
<h2>${networkLabel(network.network)} <span class="status">${statusLabel(network.status)}</span></h2>
<p class="timing">Durée : ${duration(network.durationMs)} · ${total} ${total > 1 ? 'publications' : 'publication'}</p>
${
  network.errors.length > 0
    ? html`<div class="errors"><h3>Erreurs</h3><ul>${network.errors.map((error) => html`<li>${error}</li>`)}</ul></div>\n`
    : ''
}${
  network.warnings.length > 0
    ? html`<div class="warnings"><h3>Avertissements</h3><ul>${network.warnings.map((warning) => html`<li>${warning}</li>`)}</ul></div>\n`
    : ''
}${network.posts.map((post) => postArticle(post, total, view))}</section>
`;
}

function postArticle(post: RehearsalPost, total: number, view: View): Markup {
  const { report, when } = view;
  const over = post.count.length > post.count.limit;
  const sent = post.sentAt
    ? html`<li>Envoyée à ${when.time(post.sentAt)}${offset(post.sentAt, report.publishAt)}</li>`
    : '';
  return html`<article class="post">
<header><span class="position">${total > 1 ? `Publication ${post.index + 1} sur ${total}` : 'Publication'}</span>
<span class="count${over ? ' over' : ''}">${post.count.label}${over ? ' — trop long' : ''}</span></header>
<p class="text">${post.text}</p>
${post.media.map((media) => figure(media, view.missing.has(media.path)))}<ul class="facts">${sent}${post.replyTo ? html`<li>En réponse à <code>${post.replyTo}</code></li>` : ''}${post.remoteId ? html`<li>Identifiant simulé : <code>${post.remoteId}</code></li>` : ''}</ul>
</article>
`;
}

function figure(media: RehearsalMedia, missing: boolean): Markup {
  const alt = media.alt.trim() === '' ? 'Image sans texte de remplacement' : media.alt;
  const image =
    !missing && SAFE_MEDIA_SRC.test(media.path)
      ? html`<img src="${media.path}" alt="${alt}" width="${media.width}" height="${media.height}" loading="lazy">`
      : html`<div class="missing">Image non disponible</div>`;
  return html`<figure>
${image}
<figcaption><strong>Texte de remplacement :</strong> ${media.alt.trim() === '' ? html`<span class="bad">absent</span>` : media.alt}
<small>${formatLabel(media.mime)} · ${media.width} × ${media.height} px · ${kilobytes(media.bytes)}</small></figcaption>
</figure>
`;
}

function anchor(network: RehearsalNetwork): string {
  return `reseau-${network.network}`;
}

interface TimeFormats {
  day(date: string): string;
  instant(iso: string): string;
  time(iso: string): string;
}

function timeFormats(zone: string): TimeFormats {
  const instant = frenchInstantFormat(zone);
  const valid = (iso: string) => !Number.isNaN(new Date(iso).getTime());
  return {
    day: (date) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? frenchLongDate(date) : date),
    // `14 mai 2026, 8 h 55`: as the team writes times, without seconds or the zone's name.
    instant: (iso) => (valid(iso) ? instant(iso) : iso),
    time: (iso) => (valid(iso) ? (instant(iso).split(', ').at(-1) ?? iso) : iso),
  };
}

const decimal = new Intl.NumberFormat('fr-CA', { maximumFractionDigits: 1 });

function duration(ms: number): string {
  return ms < 1000 ? 'moins d’une seconde' : `${decimal.format(ms / 1000)}\u00a0s`;
}

/** ` (0,8 s après l’heure prévue)`. */
function offset(sentAt: string, publishAt: string): string {
  const delta = new Date(sentAt).getTime() - new Date(publishAt).getTime();
  if (Number.isNaN(delta)) return '';
  return ` (${duration(Math.abs(delta))} ${delta >= 0 ? 'après' : 'avant'} l’heure prévue)`;
}

function kilobytes(bytes: number): string {
  return frenchBytes(bytes);
}

function formatLabel(mime: string): string {
  return mime.startsWith('image/') ? mime.slice('image/'.length).toUpperCase() : mime;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6472; --line: #d9dee6; --bad: #a4161a; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f4f6f9; }
header.page, main { max-width: 760px; margin: 0 auto; padding: 24px 16px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .06em; font-size: 13px; color: var(--warn); font-weight: 700; }
h1 { margin: 4px 0 8px; font-size: 28px; }
h2 { font-size: 22px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 0 0 4px; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 16px 0 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); }
.summary, .network { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px; margin: 0 0 24px; }
.network { border-top: 6px solid #64748b; }
.network.x { border-top-color: #111; }
.network.bluesky { border-top-color: #1185fe; }
.network.linkedin { border-top-color: #0a66c2; }
.network.facebook { border-top-color: #1877f2; }
.network.site { border-top-color: #0b4f8a; }
.status { font-size: 14px; font-weight: 600; padding: 2px 8px; border-radius: 999px; background: #e8edf3; vertical-align: middle; }
.timing { color: var(--muted); margin: 0 0 12px; }
.errors { border-left: 4px solid var(--bad); background: #fdecec; padding: 8px 12px; margin: 0 0 12px; }
.warnings { border-left: 4px solid var(--warn); background: #fff6e0; padding: 8px 12px; margin: 0 0 12px; }
.errors ul, .warnings ul { margin: 0; padding-left: 20px; }
.post { border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; margin: 12px 0; }
.post header { display: flex; justify-content: space-between; gap: 12px; color: var(--muted); font-size: 14px; }
.count { font-variant-numeric: tabular-nums; font-weight: 600; }
.count.over, .bad { color: var(--bad); font-weight: 700; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 8px 0; }
figure { margin: 8px 0; }
figure img { display: block; max-width: 100%; height: auto; border-radius: 8px; border: 1px solid var(--line); }
figcaption { font-size: 14px; margin-top: 4px; }
figcaption small { display: block; color: var(--muted); }
.missing { padding: 24px; background: #eee; text-align: center; color: var(--bad); }
.facts { list-style: none; padding: 0; margin: 8px 0 0; color: var(--muted); font-size: 13px; }
code { font-size: 13px; background: #f0f2f5; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
`;
