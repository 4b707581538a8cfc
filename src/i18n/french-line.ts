const NBSP = '\u00a0';
const NNBSP = '\u202f';

/**
 * A French line as the terminal shows it to the team: the no-break spaces French typography wants
 * before `:` `»` (and a narrow one before `;` `!` `?`, added when the text glued the sign to a word)
 * and after `«`, as the page's sentences have them. Unlike `frenchSentence`, it neither capitalises
 * nor adds a period, and leaves apostrophes and glued colons alone: a line may quote a path or a
 * `key: value` the person must type as it is.
 */
export function frenchLine(text: string): string {
  return text
    .replace(/ +([:»])/g, `${NBSP}$1`)
    .replace(/ +([;!?])/g, `${NNBSP}$1`)
    .replace(/(\p{L}|[)»])([;!?])(?=[\s)»]|$)/gu, `$1${NNBSP}$2`)
    .replace(/« +/g, `«${NBSP}`);
}

/** Problems a French line shown to a person must not have; empty when it reads right. */
export function frenchLineProblems(text: string): string[] {
  const problems: string[] = [];
  if (/\p{L}'\p{L}/u.test(text)) problems.push('straight apostrophe');
  if (/ [:;!?»]/.test(text) || /« /.test(text)) problems.push('breaking space before punctuation');
  if (/(\p{L}|[)»])[;!?](?=[\s)»]|$)/u.test(text)) problems.push('no space before ; ! ?');
  return problems;
}
