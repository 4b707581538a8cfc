import type { AccountStatus } from '../../connections/status.js';
import { frenchSentence } from '../../i18n/sentence.js';
import { networkLabel } from '../../networks/index.js';
import { html, type Markup } from '../html.js';
import { frenchInstantFormat } from '../time-format.js';
import { type PageFrame, page } from './layout.js';

const DAY_MS = 24 * 3600 * 1000;

/** The « Comptes » page: one card per network, with its account, expiry, last use and buttons. */
export function accountsPage(
  frame: PageFrame,
  input: { statuses: AccountStatus[]; hasKey: boolean; zone: string; now: Date; error?: string },
): string {
  const when = frenchInstantFormat(input.zone);
  const body = html`<section class="panel">
<h1>Comptes des réseaux</h1>
<p class="lede">Les accès que Crieur utilise pour publier. Les jetons sont chiffrés dans le magasin; ils ne sont jamais affichés.</p>
${input.error === undefined ? '' : html`<div class="flash flash-error" role="alert"><strong>Refusé :</strong> ${input.error}</div>`}
${
  input.hasKey
    ? ''
    : html`<div class="banner banner-error" role="alert">Aucune clé secrète n’est configurée : aucun compte ne peut être connecté. L’exploitation doit en créer une avec <code>crieur secret-key --new</code>, puis définir <code>CRIEUR_SECRET_KEY_FILE</code> et redémarrer le service.</div>`
}
</section>
<div class="account-grid">
${input.statuses.map((status) => accountCard(frame, status, { when, now: input.now, hasKey: input.hasKey }))}
</div>`;
  return page(frame, { title: 'Comptes', section: 'comptes', body });
}

function accountCard(
  frame: PageFrame,
  status: AccountStatus,
  context: { when: (instant: string) => string; now: Date; hasKey: boolean },
): Markup {
  const label = networkLabel(status.network);
  const state = cardState(status, context.now);
  const connected = status.source === 'store';
  const rows: Markup[] = [];
  if (status.source === 'env') {
    rows.push(
      html`<dt>Source</dt><dd>variable d’environnement <code>${status.variable ?? ''}</code>${status.overridden ? html` (elle a priorité sur le compte connecté ${status.account ?? ''})` : ''}</dd>`,
    );
  }
  if (connected) {
    rows.push(
      html`<dt>Compte</dt><dd>${status.account ?? ''}${status.name && status.name !== status.account?.replace(/^@/, '') ? html` · ${status.name}` : ''}</dd>`,
    );
    rows.push(
      html`<dt>Expiration</dt><dd>${
        status.expiresAt === undefined
          ? 'n’expire pas'
          : status.renewable
            ? html`${context.when(status.expiresAt)} <span class="muted">(renouvelé automatiquement)</span>`
            : context.when(status.expiresAt)
      }</dd>`,
    );
    rows.push(
      html`<dt>Dernière utilisation</dt><dd>${status.lastUsedAt ? context.when(status.lastUsedAt) : 'pas encore utilisé'}</dd>`,
    );
    rows.push(
      html`<dt>Connecté par</dt><dd>${status.connectedBy ?? ''}, ${status.connectedAt ? context.when(status.connectedAt) : ''}</dd>`,
    );
  }
  if (status.source === 'none') rows.push(html`<dt>Compte</dt><dd>aucun compte connecté</dd>`);
  const connectAction =
    status.network === 'bluesky' ? '/comptes/bluesky/connecter' : `/comptes/${status.network}/connecter`;
  const connectButton =
    status.network === 'bluesky'
      ? html`<a class="button${connected ? '' : ' button-primary'}" href="${connectAction}">${connected ? 'Reconnecter' : 'Connecter'}</a>`
      : html`<form method="post" action="${connectAction}"><input type="hidden" name="_csrf" value="${frame.csrf}"><button type="submit" class="button${connected ? '' : ' button-primary'}"${context.hasKey ? '' : ' disabled'}>${connected ? 'Reconnecter' : 'Connecter'}</button></form>`;
  return html`<section class="panel account-card" id="compte-${status.network}" aria-labelledby="titre-${status.network}">
<div class="panel-head"><h2 id="titre-${status.network}">${label}</h2><span class="badge badge-account-${state.kind}">${state.label}</span></div>
<dl class="account-facts">${rows}</dl>
${state.note === undefined ? '' : html`<p class="account-note">${state.note}</p>`}
<div class="account-actions">
${connectButton}
${
  connected
    ? html`<form method="post" action="/comptes/${status.network}/deconnecter"><input type="hidden" name="_csrf" value="${frame.csrf}"><button type="submit" class="button button-danger">Déconnecter</button></form>`
    : ''
}
</div>
</section>`;
}

function cardState(status: AccountStatus, now: Date): { kind: string; label: string; note?: string } {
  if (status.source === 'env') return { kind: 'env', label: 'Environnement' };
  if (status.source === 'none')
    return {
      kind: 'none',
      label: 'Non connecté',
      note: 'Rien ne peut être publié sur ce réseau tant qu’un compte n’est pas connecté.',
    };
  if (status.expiresAt !== undefined && !status.renewable) {
    const left = Date.parse(status.expiresAt) - now.getTime();
    if (left <= 0)
      return {
        kind: 'expired',
        label: 'Expiré',
        note: 'L’accès a expiré : reconnectez le compte pour publier de nouveau.',
      };
    if (left <= 14 * DAY_MS) {
      const days = Math.floor(left / DAY_MS);
      return {
        kind: 'soon',
        label: 'Expire bientôt',
        note: `L’accès expire ${days < 1 ? 'aujourd’hui' : days === 1 ? 'demain' : `dans ${days}\u00a0jours`} : reconnectez le compte avant.`,
      };
    }
  }
  return { kind: 'ok', label: 'Connecté' };
}

/** The Bluesky form: handle (or DID), app password, server. */
export function blueskyConnectPage(
  frame: PageFrame,
  input: { error?: string; handle?: string; service?: string },
): string {
  const body = html`<section class="panel">
<h1>Connecter Bluesky</h1>
<p class="lede">Utilisez un mot de passe d’application (Réglages → Confidentialité et sécurité → Mots de passe d’application), jamais le mot de passe du compte. Il est vérifié tout de suite auprès du serveur.</p>
${input.error === undefined ? '' : html`<div class="flash flash-error" role="alert"><strong>Refusé :</strong> ${input.error}</div>`}
<form method="post" action="/comptes/bluesky/connecter" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<label for="handle">Identifiant (par exemple <code>santeqc.bsky.social</code>)</label>
<input id="handle" name="handle" required autocomplete="off" value="${input.handle ?? ''}">
<label for="app-password">Mot de passe d’application</label>
<input id="app-password" name="appPassword" type="password" required autocomplete="off">
<label for="service">Serveur (PDS)</label>
<input id="service" name="service" value="${input.service ?? 'https://bsky.social'}">
<button type="submit" class="button button-primary">Vérifier et connecter</button>
</form>
<p><a href="/comptes">Retour aux comptes</a></p>
</section>`;
  return page(frame, { title: 'Connecter Bluesky', section: 'comptes', body });
}

/** The choice of the page or organisation to publish as. */
export function choicePage(
  frame: PageFrame,
  input: { network: 'linkedin' | 'facebook' | 'x'; hold: string; choices: Array<{ id: string; name: string }> },
): string {
  const what = input.network === 'linkedin' ? 'l’organisation' : 'la Page';
  const body = html`<section class="panel">
<h1>Choisir ${what} — ${networkLabel(input.network)}</h1>
<p class="lede">Crieur publiera au nom de ${what} choisie.</p>
<form method="post" action="/comptes/${input.network}/choix" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<input type="hidden" name="attente" value="${input.hold}">
<fieldset><legend>${input.network === 'linkedin' ? 'Organisations que vous administrez' : 'Pages que vous gérez'}</legend>
${input.choices.map(
  (choice, index) =>
    html`<label class="choice"><input type="radio" name="choix" value="${choice.id}"${index === 0 ? ' checked' : ''}> ${choice.name}</label>`,
)}
</fieldset>
<button type="submit" class="button button-primary">Connecter</button>
</form>
</section>`;
  return page(frame, { title: 'Choisir le compte', section: 'comptes', body });
}

/** After the network's page: onward to the choice or the accounts, by a same-site navigation. */
export function continuePage(frame: PageFrame, input: { next: string; message: string; title?: string }): string {
  const title = input.title ?? 'Autorisation reçue';
  const body = html`<section class="panel">
<h1>${title}</h1>
<p>${frenchSentence(input.message)}</p>
<p><a class="button button-primary" id="continuer" href="${input.next}">Continuer</a></p>
</section>`;
  return page(frame, { title, section: 'comptes', body, refreshTo: input.next });
}
