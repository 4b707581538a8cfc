import { frenchSentence } from '../i18n/sentence.js';
import { type NetworkId, networkLabel } from '../networks/index.js';
import type { Bullet, Section, Update, UpdateWarning } from '../update/types.js';

/**
 * How an organisation is named on each network (config `accounts`): `@SanteQc` in an update
 * becomes `@SanteQc` on X, `@santequebec.bsky.social` on Bluesky (a mention facet is added when the
 * post is sent), and the plain `name` on LinkedIn, Facebook and the website, where a mention's
 * syntax is not confirmed.
 */
export interface Account {
  /** The organisation's name as written in plain text; the handle without `@` when absent. */
  name?: string;
  x?: string;
  bluesky?: string;
  /** `urn:li:organization:…`, kept for when LinkedIn's mention syntax is confirmed: plain name until then. */
  linkedin?: string;
  /** Page id, kept for the same reason: plain name on Facebook. */
  facebook?: string;
}

export type Accounts = Readonly<Record<string, Account>>;

/** Networks whose posts carry a real mention when the account is given. */
const MENTIONING: readonly NetworkId[] = ['x', 'bluesky'];

/**
 * `@Handle` after a space, an opening bracket or quote, or at the start: not an e-mail address
 * (`info@…`) nor part of a URL (`…/@handle`). A trailing dot ends the sentence, not the handle.
 */
const MENTION = /(^|[\s(«"“'’[])@([\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?)/gu;

/** Every `@handle` written in a text, without the `@`. */
export function mentionsIn(text: string): string[] {
  return [...text.matchAll(MENTION)].map((match) => match[2] as string);
}

function accountFor(accounts: Accounts, handle: string): { key: string; account: Account } | undefined {
  const wanted = handle.toLowerCase();
  const key = Object.keys(accounts).find((name) => name.toLowerCase() === wanted);
  return key === undefined ? undefined : { key, account: accounts[key] as Account };
}

/**
 * What `@handle` becomes on a network: its mention there, else the organisation's plain name. A
 * handle not in `accounts` is kept as written (`@handle`), with a warning.
 */
export function mentionOn(network: NetworkId, handle: string, accounts: Accounts): string {
  const found = accountFor(accounts, handle);
  if (found === undefined) return `@${handle}`;
  const { account, key } = found;
  const own = network === 'x' ? account.x : network === 'bluesky' ? account.bluesky : undefined;
  if (own) return own.startsWith('@') ? own : `@${own}`;
  return account.name ?? key;
}

/** A text with each `@handle` written for a network. */
export function withMentionsText(text: string, network: NetworkId, accounts: Accounts): string {
  return text.replace(
    MENTION,
    (_whole, before: string, handle: string) => `${before}${mentionOn(network, handle, accounts)}`,
  );
}

/** The update as one network writes it: each `@handle` its mention there or the plain name. */
export function withMentions(update: Update, network: NetworkId, accounts: Accounts): Update {
  if (!hasMention(update)) return update;
  const text = (value: string) => withMentionsText(value, network, accounts);
  const bullet = (item: Bullet): Bullet => ({
    ...item,
    text: text(item.text),
    spans: item.spans.map((span) => ({ ...span, text: text(span.text) })),
    children: item.children.map(bullet),
  });
  const section = (item: Section): Section => ({
    ...item,
    heading: text(item.heading),
    paragraphs: item.paragraphs.map(text),
    bullets: item.bullets.map(bullet),
  });
  return {
    ...update,
    title: text(update.title),
    ...(update.subtitle === undefined ? {} : { subtitle: text(update.subtitle) }),
    ...(update.summary === undefined ? {} : { summary: text(update.summary) }),
    sections: update.sections.map(section),
  };
}

function hasMention(update: Update): boolean {
  return mentionSites(update).length > 0;
}

/** Each `@handle` of the update with the line it is on (when known). */
function mentionSites(update: Update): { handle: string; line?: number }[] {
  const sites: { handle: string; line?: number }[] = [];
  const add = (value: string | undefined, line?: number) => {
    for (const handle of mentionsIn(value ?? '')) sites.push({ handle, ...(line === undefined ? {} : { line }) });
  };
  add(update.title);
  add(update.subtitle);
  add(update.summary);
  const bullet = (item: Bullet) => {
    add(item.text, item.line);
    item.children.forEach(bullet);
  };
  for (const section of update.sections) {
    add(section.heading, section.line);
    for (const paragraph of section.paragraphs) add(paragraph, section.line);
    section.bullets.forEach(bullet);
  }
  return sites;
}

function frenchList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

/** A handle X itself would turn into a mention (`@SanteQc`), whoever owns it. */
const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
/** A handle Bluesky would detect as a mention (a domain, `@santequebec.bsky.social`). */
const BLUESKY_HANDLE = /^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/;

/**
 * One warning per `@handle` that will not be the organisation's mention on some configured network.
 * A handle not in `accounts` stays as written: plain text on LinkedIn and Facebook, on Bluesky unless
 * it is a domain handle, and on X unless it is shaped like an X handle, which X links to whoever owns
 * that name (said in the warning). A mapped handle without its X or Bluesky account gets the plain
 * name there. LinkedIn and Facebook always get the plain name for a mapped handle, as documented.
 */
export function mentionWarnings(update: Update, accounts: Accounts, networks: readonly NetworkId[]): UpdateWarning[] {
  const seen = new Set<string>();
  const warnings: UpdateWarning[] = [];
  const file = update.source.path.split(/[\\/]/).at(-1) ?? update.source.path;
  for (const site of mentionSites(update)) {
    const id = site.handle.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    const found = accountFor(accounts, site.handle);
    const where = site.line === undefined ? file : `${file}, ligne ${site.line}`;
    const whereEn = site.line === undefined ? file : `${file}:${site.line}`;
    const line = site.line === undefined ? {} : { line: site.line };
    if (found === undefined) {
      const social = networks.filter((network) => network !== 'site');
      if (social.length === 0) continue;
      const linkedOnX = social.includes('x') && X_HANDLE.test(site.handle);
      const plainOn = social.filter(
        (network) => !(network === 'x' && linkedOnX) && !(network === 'bluesky' && BLUESKY_HANDLE.test(site.handle)),
      );
      const names = plainOn.map(networkLabel);
      const plainFr = names.length > 0 ? ` en texte simple sur ${frenchList(names)}` : '';
      const plainEn = names.length > 0 ? ` as plain text on ${names.join(', ')}` : '';
      warnings.push({
        ...line,
        message: `${whereEn}: @${site.handle} is not in the configuration’s accounts: it stays "@${site.handle}"${plainEn}${linkedOnX ? `; X links it to the account @${site.handle}, whoever owns it` : ''}.`,
        messageFr: frenchSentence(
          `${where} : @${site.handle} n’est pas dans les comptes de la configuration (accounts) : il reste écrit « @${site.handle} »${plainFr}${linkedOnX ? ` ; X en fera un lien vers le compte @${site.handle}, quel qu’en soit le titulaire` : ''}.`,
        ),
      });
      continue;
    }
    const plainOn = networks.filter(
      (network) => MENTIONING.includes(network) && !(network === 'x' ? found.account.x : found.account.bluesky),
    );
    if (plainOn.length === 0) continue;
    const names = plainOn.map(networkLabel);
    const plain = found.account.name ?? found.key;
    warnings.push({
      ...line,
      message: `${whereEn}: @${site.handle} has no account on ${names.join(', ')}: it will be the plain text "${plain}" there.`,
      messageFr: frenchSentence(
        `${where} : @${site.handle} n’a pas de compte sur ${frenchList(names)} : il y sera écrit « ${plain} » en texte simple.`,
      ),
    });
  }
  return warnings;
}
