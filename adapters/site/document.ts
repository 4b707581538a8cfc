import { UpdateFileError } from '../../src/errors.js';
import { ContentRejectedError } from '../../src/publish/port-errors.js';
import { parseUpdateText } from '../../src/update/parse.js';
import type { Update } from '../../src/update/types.js';

/**
 * The update a website post describes. The post text is in the update-file format (what the site
 * draft is composed as, and what the team edits), so the update parser reads it back; text it cannot
 * read is refused like a network refuses a post, before anything is written.
 */
export function readSiteText(text: string): Update {
  try {
    return parseUpdateText(text, 'texte de la page');
  } catch (error) {
    if (!(error instanceof UpdateFileError)) throw error;
    throw new ContentRejectedError(
      'site',
      `website: the page text cannot be read: ${error.message}`,
      `Site Web : le texte de la page est illisible (${error.messageFr}).`,
      { cause: error },
    );
  }
}
