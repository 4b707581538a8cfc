/**
 * One French sentence as the team reads it: typographic apostrophe, a capital first letter, the
 * no-break spaces French typography wants (before `:` `;` `!` `?` `%` `$` `»`, after `«`) and a final
 * period unless it already ends with punctuation. Code spans (between backticks) and URLs are left
 * as they are. Every message the page shows to a person goes through it.
 */
export function frenchSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const parts = trimmed.split(/(`[^`]*`|https?:\/\/\S+)/);
  const body = parts.map((part, index) => (index % 2 === 1 ? part : typeset(part))).join('');
  // A sentence opening on a file name (`mauvais.md:3 : …`) keeps the name as it is written.
  const capital = /^\S+\.\w+\b/.test(body)
    ? body
    : body.replace(/^(\P{L}*)(\p{Ll})/u, (_all, lead: string, letter: string) => lead + letter.toUpperCase());
  return /[.!?…:]$/.test(capital) || /`$/.test(capital) ? capital : `${capital}.`;
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';

function typeset(text: string): string {
  return (
    text
      .replace(/(\p{L})'(?=\p{L})/gu, '$1’')
      .replace(/ +([:%$»])/g, `${NBSP}$1`)
      .replace(/ +([;!?])/g, `${NNBSP}$1`)
      .replace(/« +/g, `«${NBSP}`)
      // A number is never split from its unit: `24 h`, `3 jours`, `1,6 Mo`.
      .replace(/(\d) (h|min|s|j|jours?|Ko|Mo|octets?|publications?|images?)(?!\p{L})/gu, `$1${NBSP}$2`)
      // A colon glued to a word (`raison:`) gets its space too; times (`9:00`) and `https:` do not.
      .replace(/(\p{L}):(?=\s)/gu, `$1${NBSP}:`)
  );
}

/** Problems a French sentence shown to a person must not have; empty when it reads right. */
export function frenchSentenceProblems(text: string): string[] {
  const problems: string[] = [];
  const prose = text.replace(/`[^`]*`|https?:\/\/\S+/g, '');
  if (/\p{L}'\p{L}/u.test(prose)) problems.push('straight apostrophe');
  if (/^\P{L}*\p{Ll}/u.test(text)) problems.push('lower-case start');
  if (!/[.!?…:`]$/.test(text.trim())) problems.push('no final period');
  if (/ [:;!?%»]/.test(prose) || /« /.test(prose)) problems.push('breaking space before punctuation');
  return problems;
}
