/**
 * Places a figure can be about: Québec's administrative regions and the cities and territories
 * health updates name. A section heading or a sentence naming one of them makes its figures
 * regional rather than update-wide.
 */
export const KNOWN_PLACES: readonly string[] = [
  'Abitibi-Témiscamingue',
  'Bas-Saint-Laurent',
  'Capitale-Nationale',
  'Centre-du-Québec',
  'Chaudière-Appalaches',
  'Côte-Nord',
  'Estrie',
  'Gaspésie',
  'Îles-de-la-Madeleine',
  'Lanaudière',
  'Laurentides',
  'Laval',
  'Mauricie',
  'Montérégie',
  'Montréal',
  'Nord-du-Québec',
  'Nunavik',
  'Outaouais',
  'Saguenay',
  'Lac-Saint-Jean',
  'Terres-Cries-de-la-Baie-James',
  'Baie-James',
  'Gatineau',
  'Sherbrooke',
  'Trois-Rivières',
  'Lévis',
  'Longueuil',
  'Rimouski',
  'Rouyn-Noranda',
  'Chicoutimi',
  'Drummondville',
  'Saint-Jérôme',
  'Joliette',
];

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'");

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches a known place as a whole name (not inside a longer word), accents and case aside. */
const PLACE_WORD = new RegExp(
  `(?<![\\p{L}])(?:${[...KNOWN_PLACES]
    .sort((a, b) => b.length - a.length)
    .map((place) => escapeRegExp(fold(place)))
    .join('|')})(?![\\p{L}])`,
  'u',
);

function mentionsPlace(text: string): boolean {
  return PLACE_WORD.test(fold(text));
}

/** Words before a place in a heading that are not part of it (`Région de Laval` → `Laval`). */
const PLACE_PREFIX =
  /^(?:(?:la |le )?(?:région|secteur|territoire|ville|cisss|ciusss|installations?)\s+(?:de la |de l['’]|du |des |de |d['’])?)/iu;

/**
 * The place a section heading names: the part after a dash (`Faits saillants – Laval`), or the whole
 * heading when it is a place (`Région de Laval`). `Québec` alone is a place only as the whole part,
 * since `Dossier Santé Québec` is not about the city.
 */
export function placeOfHeading(heading: string): string | undefined {
  const parts = heading.split(/\s[–—-]\s/u).map((part) => part.trim());
  const candidates = parts.length > 1 ? parts.slice(1).reverse() : parts;
  for (const part of candidates) {
    if (part === '' || /\d/.test(part) || part.includes(':')) continue;
    const name = part.replace(PLACE_PREFIX, '').trim();
    if (/^(?:ville de )?québec$/iu.test(name)) return name;
    if (name.split(/\s+/).length <= 6 && mentionsPlace(name)) return name;
  }
  return undefined;
}

/**
 * A place named in a sentence after a preposition (`… rencontrés à Laval`, `en Montérégie`):
 * the place, and the text with that phrase taken out.
 */
export function placeInSentence(text: string): { place: string; rest: string } | undefined {
  const pattern =
    /(?:^|\s)(?:à|en|au|aux|dans la région de|dans la région du|pour la région de)\s+(?:l['’])?([\p{Lu}][\p{L}'’]*(?:[-–][\p{L}'’]+)*)/gu;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const place = match[1] ?? '';
    if (mentionsPlace(place) || place === 'Québec') {
      return {
        place,
        rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.replace(/\s+/g, ' ').trim(),
      };
    }
  }
  return undefined;
}

/** Small words a place’s name may hold (`Nord-de-l’Île-de-Montréal`, `Abitibi et Témiscamingue`). */
const PLACE_PARTICLE = /^(?:de|du|des|la|le|les|l['’]|d['’]|et|sur|en|au|aux)$/iu;

/**
 * Text that is a place's name and nothing else: a known place, its words capitalised but for small
 * words (`Laval`, `Mauricie-Centre-du-Québec`). `Hier, les équipes de Laval` is a clause naming a
 * place, not a name.
 */
export function isPlaceName(text: string): boolean {
  const name = text.trim();
  if (name === '' || /[,;.!?()]/u.test(name)) return false;
  const words = name.split(/[\s\u00A0]+/u);
  if (words.length > 6) return false;
  const capitalised = words.every((word) =>
    word
      .split(/[-–]/u)
      .every(
        (part) => part === '' || /^\p{Lu}/u.test(part) || PLACE_PARTICLE.test(part) || /^[ld]['’]\p{Lu}/u.test(part),
      ),
  );
  return capitalised && (mentionsPlace(name) || /^québec$/iu.test(name));
}

/** A leading `Laval :` in a bullet (`Laval : 92 % des rendez-vous confirmés`): a place's name alone. */
export function placeLeadingBullet(text: string): string | undefined {
  const match = /^([^:]{2,60})\s*:/u.exec(text);
  const head = match?.[1]?.trim();
  if (head === undefined || !isPlaceName(head)) return undefined;
  return placeOfHeading(head) === head ? head : undefined;
}

/**
 * A leading proper name that is not a known place (`Pont Pierre-Laporte : 2 voies sur 4 fermées`,
 * `Hôpital Jean-Talon : 45 patients`): two to six words, each capitalised, a number or a small
 * word, one at least written in lower case after its capital (not an acronym). What a figure of
 * that bullet is about, so it keeps it as its place.
 */
export function nameLeadingBullet(text: string): string | undefined {
  const head = /^([^:]{2,60}?)\s*:\s/u.exec(text)?.[1]?.trim();
  if (head === undefined || /[,;.!?()]/u.test(head)) return undefined;
  const words = head.split(/[\s\u00A0]+/u);
  if (words.length < 2 || words.length > 6 || !/^\p{Lu}/u.test(head)) return undefined;
  const named = words.every((word) =>
    word
      .split(/[-–]/u)
      .every((part) => part === '' || /^\p{Lu}/u.test(part) || /^\d+$/u.test(part) || PLACE_PARTICLE.test(part)),
  );
  if (!named || !words.some((word) => /^\p{Lu}\p{Ll}/u.test(word))) return undefined;
  // A name has two capitalised words (« Pont Pierre-Laporte »), or a number right after its one
  // (« Autoroute 40 »); « Appels au 811 » is a common noun and a number.
  const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length;
  return capitalised >= 2 || (words.length === 2 && /^\d+$/u.test(words[1]!)) ? head : undefined;
}
