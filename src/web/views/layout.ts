import { frenchSentence } from '../../i18n/sentence.js';
import { html, type Markup } from '../html.js';
import { ROLE_LABELS } from '../permissions.js';
import type { Flash, WebUser } from '../types.js';

export type Section = 'file' | 'historique' | 'journal' | 'repetitions' | 'import' | 'nouvelle' | 'comptes' | 'none';

/** What every page shows around its content. */
export interface PageFrame {
  user: WebUser | null;
  /** Token for the forms of the page (and the logout button). */
  csrf: string;
  flash: Flash[];
}

const NAV: { section: Section; href: string; label: string; adminOnly?: boolean }[] = [
  { section: 'file', href: '/', label: 'File d’attente' },
  { section: 'historique', href: '/historique', label: 'Historique' },
  { section: 'journal', href: '/journal', label: 'Journal' },
  { section: 'repetitions', href: '/repetitions', label: 'Répétition' },
  { section: 'import', href: '/import', label: 'Import' },
  { section: 'nouvelle', href: '/nouvelle', label: 'Rédiger' },
  { section: 'comptes', href: '/comptes', label: 'Comptes', adminOnly: true },
];

const FLASH_LABEL: Record<Flash['kind'], string> = { ok: 'Succès', error: 'Refusé', warning: 'Attention' };

export function page(
  frame: PageFrame,
  options: { title: string; section: Section; body: Markup; scripts?: string[]; refreshTo?: string },
): string {
  const { user } = frame;
  return html`<!doctype html>
<html lang="fr-CA">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="csrf-token" content="${frame.csrf}">
<title>${options.title} — Crieur</title>
${options.refreshTo === undefined ? '' : html`<meta http-equiv="refresh" content="0;url=${options.refreshTo}">`}
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/site.css">
${(options.scripts ?? []).map((name) => html`<script src="/static/${name}" defer></script>`)}
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="topbar">
<div class="topbar-inner">
<a class="brand" href="/"><span class="brand-mark" aria-hidden="true">C</span><span>Crieur<small>Publication de la mise à jour quotidienne</small></span></a>
${
  user === null
    ? ''
    : html`<nav aria-label="Navigation principale"><ul>${NAV.filter(
        (item) => !item.adminOnly || user.role === 'admin',
      ).map(
        (item) =>
          html`<li><a href="${item.href}"${item.section === options.section ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
      )}</ul></nav>
<form class="who" method="post" action="/deconnexion">
<span><strong>${user.name}</strong> · ${ROLE_LABELS[user.role]}</span>
<input type="hidden" name="_csrf" value="${frame.csrf}">
<button type="submit" class="link-button">Se déconnecter</button>
</form>`
}
</div>
</header>
<main id="contenu" class="content">
${frame.flash.map(
  (flash) =>
    html`<div class="flash flash-${flash.kind}" role="${flash.kind === 'ok' ? 'status' : 'alert'}"><strong>${FLASH_LABEL[flash.kind]} :</strong> ${frenchSentence(flash.text)}</div>`,
)}
${options.body}
</main>
<footer class="pagefooter">Crieur — outil interne de l’équipe des communications. Rien n’est publié sans approbation.</footer>
</body>
</html>
`.value;
}

export function statusBadge(status: string, label: string): Markup {
  return html`<span class="badge badge-${status}">${label}</span>`;
}
