import { configVariables, statusLabel, tokenVariables } from '../i18n/fr.js';
import { networkLabel } from '../networks/index.js';
import { zonedDate, zonedTime } from '../time/zoned-time.js';
import { frenchLongDate } from '../update/french-dates.js';
import type {
  HashMismatchNotification,
  MissedNotification,
  Notification,
  PostedPart,
  PublishedNotification,
  PublishFailure,
  TokenExpiringNotification,
  UnapprovedReminder,
} from './types.js';

export interface FormattedNotification {
  title: string;
  /** French, plain text with bare links and `code` spans: Slack, Teams and e-mail bridges all show it as is. */
  text: string;
  /** What to do, in French; also the last paragraph of `text`. */
  action?: string;
}

export interface FormatOptions {
  /** IANA zone the team reads times in. */
  timeZone?: string;
}

const DEFAULT_ZONE = 'America/Toronto';

export function formatNotification(notification: Notification, options: FormatOptions = {}): FormattedNotification {
  const zone = options.timeZone ?? DEFAULT_ZONE;
  switch (notification.kind) {
    case 'unapproved-reminder':
      return formatReminder(notification, zone);
    case 'part-failed':
    case 'partly-published':
    case 'failed':
      return ofKind(notification.draftKind, formatFailure(notification));
    case 'missed':
      return formatMissed(notification, zone);
    case 'published':
      return ofKind(notification.draftKind, formatPublished(notification));
    case 'hash-mismatch':
      return formatHashMismatch(notification);
    case 'token-expiring':
      return formatTokenExpiring(notification, zone);
  }
}

/**
 * A correction's or retraction's notification reads as one: its title and first line say so (a
 * retraction's "published" parts are the posts it deleted).
 */
function ofKind(
  kind: 'correction' | 'retraction' | undefined,
  formatted: FormattedNotification,
): FormattedNotification {
  if (kind === undefined) return formatted;
  const label = kind === 'correction' ? 'Correctif' : 'Retrait';
  const first =
    kind === 'correction'
      ? 'Correctif d’une mise à jour déjà publiée.'
      : 'Retrait d’une mise à jour : chaque « partie publiée » est une publication supprimée du réseau.';
  return { ...formatted, title: `${label} — ${formatted.title}`, text: `${first}\n\n${formatted.text}` };
}

/** The command that publishes a date's approved drafts on one network at once. */
export function publishNowCommand(date: string, network: string): string {
  return `\`crieur publish --date ${date} --network ${network} --now\``;
}

function formatReminder(n: UnapprovedReminder, zone: string): FormattedNotification {
  const when = frenchTime(n.publishAt, zone);
  const day = frenchDay(n.date);
  const lines = n.drafts.map((draft) => `- ${networkLabel(draft.network)} : ${statusLabel(draft.status)}`);
  const action =
    `À faire : faites réviser puis approuver ces brouillons (par une autre personne que l’auteur) avant ${when}, ` +
    'dans la page de révision. Un brouillon approuvé un peu après l’heure part aussitôt, tant que la fenêtre de ' +
    'retard n’est pas dépassée ; `crieur status` montre ce qui attend.';
  const text = [
    `Publication du ${day} à ${when} : ${plural(n.drafts.length, 'brouillon n’est pas approuvé', 'brouillons ne sont pas approuvés')}.`,
    lines.join('\n'),
    'Sans approbation, rien ne sera publié sur ces réseaux.',
    action,
  ].join('\n\n');
  return { title: `Brouillons non approuvés — ${day}, ${when}`, text, action };
}

function formatFailure(n: PublishFailure): FormattedNotification {
  const network = networkLabel(n.network);
  const day = frenchDay(n.date);
  const total = n.posted.length + n.notPosted.length;
  const headline = {
    'part-failed': `Une partie n’a pas pu être publiée sur ${network} (mise à jour du ${day}).`,
    'partly-published': `Publication partielle sur ${network} (mise à jour du ${day}) : ${n.posted.length} sur ${total} ${total > 1 ? 'parties publiées' : 'partie publiée'}.`,
    failed: `Échec de la publication sur ${network} (mise à jour du ${day}).`,
  }[n.kind];
  const title = {
    'part-failed': `Échec d’une partie — ${network}, ${day}`,
    'partly-published': `Publication partielle — ${network}, ${day}`,
    failed: `Échec de publication — ${network}, ${day}`,
  }[n.kind];
  const action = n.action ?? defaultAction(n);
  const paragraphs = [
    headline,
    `Cause : ${n.messageFr}`,
    n.posted.length > 0 ? `Publié :\n${postedLines(n.posted, total)}` : 'Publié : rien.',
  ];
  if (n.notPosted.length > 0) {
    const lines = n.notPosted.map((part) => `- ${partLabel(part.index, total)} : ${part.reason}`);
    paragraphs.push(`Non publié :\n${lines.join('\n')}`);
  }
  paragraphs.push(`À faire : ${action}`);
  return { title, text: paragraphs.join('\n\n'), action };
}

function defaultAction(n: PublishFailure): string {
  const network = networkLabel(n.network);
  const command = publishNowCommand(n.date, n.network);
  const resume =
    n.posted.length > 0 ? ' La reprise commence à la première partie non publiée : rien ne sera publié deux fois.' : '';
  switch (n.errorClass) {
    case 'auth':
      return `Renouvelez ou corrigez le jeton ${tokenVariables(n.network)}, puis lancez ${command}.${resume}`;
    case 'config':
      return `Corrigez la configuration de ${network} (${configVariables(n.network)}) ; \`crieur doctor\` la vérifie. Lancez ensuite ${command}.${resume}`;
    case 'rate-limit':
      return `${network} limite le nombre de requêtes. Attendez quelques minutes, puis lancez ${command}.${resume}`;
    case 'content-rejected':
      return `${network} refuse le contenu. Corrigez le brouillon, faites-le approuver de nouveau, puis lancez ${command}.${resume}`;
    case 'duplicate':
      return `${network} considère la publication comme un doublon : vérifiez sur ${network} si elle est déjà en ligne avant toute autre action.`;
    case 'outcome-unknown':
      return `Vérifiez sur ${network} si la publication est en ligne. ${command} la recherche sur le réseau avant tout nouvel envoi : elle ne sera pas publiée deux fois.`;
    case 'network':
    case 'server':
      return `${network} ne répond pas correctement. Réessayez dans quelques minutes avec ${command}.${resume}`;
    default:
      return `Consultez les journaux du service, corrigez la cause, puis lancez ${command}.${resume}`;
  }
}

function formatMissed(n: MissedNotification, zone: string): FormattedNotification {
  const network = networkLabel(n.network);
  const day = frenchDay(n.date);
  const planned = frenchTime(n.publishAt, zone);
  const deadline = frenchTime(n.deadline, zone);
  const why =
    n.status === 'approved'
      ? 'Le brouillon était approuvé, mais le service n’a pas pu le publier à temps (service arrêté ou réseau indisponible).'
      : `Le brouillon n’était pas prêt (état : ${statusLabel(n.status)}).`;
  const approveFirst =
    n.status === 'approved'
      ? ''
      : ' après l’avoir fait approuver par une autre personne que l’auteur (`crieur approve`)';
  const action = `Si la mise à jour est toujours d’actualité, lancez ${publishNowCommand(n.date, n.network)}${approveFirst} ; sinon, rien à faire. Le service ne l’enverra pas de lui-même.`;
  const text = [
    `La mise à jour du ${day} n’a pas été publiée sur ${network} : prévue à ${planned}, elle n’était pas partie à ${deadline}, fin de la fenêtre de retard. Rien n’a été publié, pour ne pas diffuser des chiffres périmés.`,
    why,
    `À faire : ${action}`,
  ].join('\n\n');
  return { title: `Publication manquée — ${network}, ${day}`, text, action };
}

function formatPublished(n: PublishedNotification): FormattedNotification {
  const network = networkLabel(n.network);
  const day = frenchDay(n.date);
  const total = n.posted.length;
  const text = [
    `La mise à jour du ${day} est publiée sur ${network} (${plural(total, 'partie', 'parties')}).`,
    postedLines(n.posted, total),
  ].join('\n\n');
  return { title: `Publié — ${network}, ${day}`, text };
}

function formatHashMismatch(n: HashMismatchNotification): FormattedNotification {
  const network = networkLabel(n.network);
  const day = frenchDay(n.date);
  const action = `Ouvrez le brouillon ${network} du ${day}, vérifiez-le et faites-le approuver de nouveau ; s’il est encore dans la fenêtre de retard, il partira aussitôt, sinon lancez ${publishNowCommand(n.date, n.network)}.`;
  const text = [
    `Rien n’a été publié sur ${network} (mise à jour du ${day}) : le contenu à envoyer ne correspond plus exactement à la version approuvée.`,
    `À faire : ${action}`,
  ].join('\n\n');
  return { title: `Publication bloquée — ${network}, ${day}`, text, action };
}

function formatTokenExpiring(n: TokenExpiringNotification, zone: string): FormattedNotification {
  const network = networkLabel(n.network);
  const localDay = zonedDate(n.expiresAt, zone);
  const when = n.dateOnly ? frenchLongDate(localDay) : `${frenchLongDate(localDay)} à ${frenchTime(n.expiresAt, zone)}`;
  const action =
    n.accountsPage !== undefined
      ? `un administrateur doit reconnecter ${network} dans la page « Comptes » : ${n.accountsPage}`
      : `demandez à l’exploitation de créer un nouveau jeton ${network}, de mettre à jour \`${n.tokenVariable}\` et ` +
        `\`${n.expiryVariable}\`, de redémarrer le service, puis de lancer \`crieur doctor\`.`;
  if (n.accountsPage !== undefined) {
    const text = [
      n.expired
        ? `L’accès à ${network} a expiré le ${when} : les publications sur ${network} échoueront tant que le compte n’est pas reconnecté.`
        : `L’accès à ${network} expire le ${when}${n.daysLeft >= 2 ? `, dans ${n.daysLeft}\u00a0jours` : ''}, et Crieur n’a pas pu le renouveler seul.`,
      `À faire : ${action}`,
    ].join('\n\n');
    return {
      title: n.expired
        ? `Accès ${network} expiré`
        : `Accès ${network} à renouveler avant le ${frenchLongDate(localDay)}`,
      text,
      action,
    };
  }
  const text = [
    n.expired
      ? `Le jeton d’accès ${network} (\`${n.tokenVariable}\`) a expiré le ${when} : les publications sur ${network} échoueront tant qu’il n’est pas remplacé.`
      : `Le jeton d’accès ${network} (\`${n.tokenVariable}\`) expire le ${when}${n.daysLeft >= 2 ? `, dans ${n.daysLeft} jours` : ''}. Après, plus rien ne sera publié sur ${network}.`,
    `À faire : ${action}`,
  ].join('\n\n');
  return {
    title: n.expired ? `Jeton ${network} expiré` : `Jeton ${network} à renouveler avant le ${frenchLongDate(localDay)}`,
    text,
    action,
  };
}

function postedLines(posted: readonly PostedPart[], total: number): string {
  return [...posted]
    .sort((a, b) => a.index - b.index)
    .map((part) => `- ${partLabel(part.index, total)} : ${part.url ?? 'en ligne (lien non fourni par le réseau)'}`)
    .join('\n');
}

function partLabel(index: number, total: number): string {
  return total > 1 ? `Partie ${index + 1}/${total}` : 'Publication';
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count > 1 ? many : one}`;
}

function frenchDay(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? frenchLongDate(date) : date;
}

/** Québec style: `9 h`, `9 h 30`. */
export function frenchTime(instant: Date, zone: string): string {
  const [hour, minute] = zonedTime(instant, zone).split(':') as [string, string];
  return minute === '00' ? `${Number(hour)} h` : `${Number(hour)} h ${minute}`;
}
