import { basename } from 'node:path';
import type { AuditEvent } from '../audit/types.js';
import { SYSTEM_ACTOR } from '../audit/types.js';
import { statusBadgeLabel as statusLabel } from '../i18n/fr.js';
import { frenchSentence } from '../i18n/sentence.js';
import { isNetworkId, type NetworkId, networkLabel } from '../networks/index.js';
import { frenchLongDate } from '../update/french-dates.js';

/** What an event's subject is, when it is a draft: its network and date. */
export interface DraftFacts {
  network: NetworkId;
  date: string;
}

export interface SentenceContext {
  /** The draft an event is about (`d12`), when it still exists. */
  draftOf: (subject: string) => DraftFacts | undefined;
  /** The page's accounts: any other actor is shown as the service or the operators, never a system user. */
  isAccount: (name: string) => boolean;
}

const THREADED: ReadonlySet<NetworkId> = new Set(['x', 'bluesky']);

/** Who did it, as the team knows them: a person's account, the service, or the operators. */
export function actorLabel(actor: string, context: SentenceContext): string {
  if (actor === SYSTEM_ACTOR) return 'Crieur';
  if (actor === 'boîte de réception') return 'La boîte de réception';
  if (context.isAccount(actor)) return actor;
  return 'L’exploitation';
}

/** `du fil X du 14 mai 2026`, `de la publication LinkedIn du 14 mai 2026`, `du brouillon d12`. */
function ofDraft(subject: string, facts: DraftFacts | undefined): string {
  if (facts === undefined) return `du brouillon ${subject}`;
  const label = networkLabel(facts.network);
  const what =
    facts.network === 'site'
      ? 'de la page du Site Web'
      : THREADED.has(facts.network)
        ? `du fil ${label}`
        : `de la publication ${label}`;
  return `${what} du ${frenchLongDate(facts.date)}`;
}

/** The event as one French sentence: « Julie Roy a approuvé la version 3 du fil X du 14 mai 2026. » */
export function eventSentence(event: AuditEvent, context: SentenceContext): string {
  const who = actorLabel(event.actor, context);
  const data = event.data as Record<string, unknown>;
  const fromData = typeof data.network === 'string' && isNetworkId(data.network) && typeof data.date === 'string';
  const facts =
    context.draftOf(event.subject) ??
    (fromData ? { network: data.network as NetworkId, date: data.date as string } : undefined);
  const of = ofDraft(event.subject, facts);
  const part = typeof data.part === 'number' ? `la partie ${data.part}` : 'une partie';
  const dryRun = typeof data.remoteId === 'string' && data.remoteId.startsWith('dry-run:');
  const text = ((): string => {
    switch (event.action) {
      case 'import':
        return event.subject.startsWith('update ')
          ? `${who} a importé la mise à jour du ${typeof data.date === 'string' ? frenchLongDate(data.date) : '?'}${
              typeof data.source === 'string' ? ` (fichier ${basename(data.source)})` : ''
            }`
          : `${who} a créé la version 1 ${of}`;
      case 'edit': {
        const where =
          typeof data.media === 'number'
            ? `le texte de remplacement de l’image ${data.media} de la publication ${String(data.post ?? '?')}`
            : `le texte de la publication ${String(data.post ?? '?')}`;
        const cleared = data.approvalCleared === true ? ' L’approbation précédente a été annulée.' : '';
        return `${who} a modifié ${where} ${of} : c’est la version ${String(data.version ?? '?')}.${cleared}`;
      }
      case 'approve':
        return `${who} a approuvé la version ${String(data.version ?? '?')} ${of}${
          data.afterMissed === true ? ', pour une publication en retard' : ''
        }`;
      case 'reject':
        return `${who} a rejeté la version ${String(data.version ?? '?')} ${of} : « ${String(data.reason ?? '')} »`;
      case 'supersede':
        return `${who} a importé une nouvelle version de la mise à jour : le brouillon ${of} est remplacé`;
      case 'status':
        return `${who} a fait passer le brouillon ${of} à l’état « ${statusLabel(String(data.to ?? ''))} »`;
      case 'schedule':
        return data.publishNow === true
          ? `${who} a lancé la publication immédiate ${of}`
          : `${who} a lancé la publication en retard ${of}`;
      case 'publish-attempt':
        return `${who} a envoyé ${part} ${of} (essai ${String(data.attempt ?? 1)})`;
      case 'media-uploaded':
        return `${who} a téléversé l’image ${String(data.media ?? '?')} de ${part} ${of}${dryRun ? ' (essai : rien n’a été envoyé)' : ''}`;
      case 'published':
        return `${who} a publié ${part} ${of}${dryRun ? ' (essai : rien n’a été envoyé)' : ''}`;
      case 'failure':
        return `L’envoi de ${part} ${of} a échoué : ${String(data.message ?? 'cause inconnue')}`;
      case 'outcome-unknown':
        return `Le résultat de l’envoi de ${part} ${of} est inconnu : il sera vérifié sur le réseau avant tout nouvel envoi`;
      case 'missed':
        return `Le brouillon ${of} a été manqué : la fenêtre de publication était dépassée`;
      case 'config-loaded':
        return `${who} a démarré avec sa configuration${
          Array.isArray(data.networks)
            ? ` (réseaux : ${data.networks
                .filter((n): n is NetworkId => typeof n === 'string' && isNetworkId(n))
                .map(networkLabel)
                .join(', ')})`
            : ''
        }`;
      case 'user-added':
        return `${who} a ajouté le compte « ${String(data.name ?? '')} »`;
      case 'account-connected':
      case 'account-disconnected':
      case 'account-renewed':
        return accountSentence(event.action, who, data);
      case 'secret-key-rotated':
        return `${who} a changé la clé secrète qui chiffre les accès aux réseaux`;
      case 'correct':
        return `${who} a demandé un correctif ${of}, en réponse à la mise à jour publiée (${String(data.target ?? '?')})`;
      case 'retract':
        return `${who} a demandé le retrait ${of} : « ${String(data.reason ?? '')} »`;
      case 'delete-attempt':
        return `${who} a demandé la suppression de la publication ${String(data.part ?? '?')} de ${String(data.target ?? '?')} (essai ${String(data.attempt ?? 1)})`;
      case 'deleted':
        return `${who} a supprimé la publication ${String(data.part ?? '?')} de ${String(data.target ?? '?')}${
          data.lookedUp === 'gone' || data.result === 'gone' ? ' (elle n’était déjà plus en ligne)' : ''
        }`;
      default:
        return `${who} : ${event.action} ${of}`;
    }
  })();
  return frenchSentence(text);
}

/**
 * The event's data for the « détails techniques » fold: server paths reduced to their file name,
 * the actor as recorded.
 */
export function technicalDetails(event: AuditEvent): string {
  const strip = (value: unknown): unknown => {
    if (typeof value === 'string') return /^(\/|[A-Za-z]:\\)/.test(value) ? basename(value) : value;
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, strip(inner)]));
    }
    return value;
  };
  return JSON.stringify(
    {
      seq: event.seq,
      at: event.at,
      actor: event.actor,
      action: event.action,
      subject: strip(event.subject),
      data: strip(event.data),
    },
    null,
    2,
  );
}

/** A network connected, disconnected or renewed: the network and account, never a token. */
function accountSentence(action: string, who: string, data: Record<string, unknown>): string {
  const network =
    typeof data.network === 'string' && isNetworkId(data.network) ? networkLabel(data.network) : 'un réseau';
  const account = typeof data.account === 'string' ? ` (${data.account})` : '';
  if (action === 'account-connected') return `${who} a connecté ${network}${account}`;
  if (action === 'account-disconnected') return `${who} a déconnecté ${network}${account}`;
  return `${who} a renouvelé l’accès à ${network}${account}`;
}
