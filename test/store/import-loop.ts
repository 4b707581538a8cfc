// Child process for the crash test: imports and edits drafts in a loop until it is killed.
// Usage: node --import tsx test/store/import-loop.ts <store-file> <cards-json>
import type { RenderedCard } from '../../src/cards/types.js';
import type { RenderedDraft } from '../../src/compose/types.js';
import { NETWORKS } from '../../src/networks/index.js';
import { approve } from '../../src/queue/approve.js';
import { editPostText } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import { openStore } from '../../src/store/db.js';

const [storeFile, cardsJson] = process.argv.slice(2);
if (storeFile === undefined || cardsJson === undefined) throw new Error('usage: import-loop <store-file> <cards-json>');
const cards = JSON.parse(cardsJson) as RenderedCard[];
const store = openStore(storeFile, { secrets: ['never-written-secret'] });
const context = { store, now: () => new Date(), fourEyes: true };

for (let round = 1; ; round += 1) {
  const date = `2026-05-${String(10 + (round % 5)).padStart(2, '0')}`;
  const drafts: RenderedDraft[] = NETWORKS.map((network) => ({
    network,
    posts: [
      { text: `Mise à jour ${round} pour ${network} 1/2`, media: [cards[round % cards.length]!] },
      { text: `Suite ${round} 2/2`, media: [] },
    ],
    warnings: [],
  }));
  const update = {
    date,
    title: `Mise à jour ${round}`,
    hashtags: [],
    figures: [],
    sections: [],
    source: { path: `${date}.md`, sha256: String(round).padStart(64, '0') },
  };
  const result = importDrafts(context, { update, drafts, by: 'ana' });
  const first = result.drafts[0];
  if (first !== undefined) {
    editPostText(context, { draftId: first.id, postIndex: 1, text: `Suite revue ${round} 2/2`, by: 'chloe' });
    approve(context, { draftId: first.id, by: 'bruno' });
  }
  process.stdout.write(`round ${round}\n`);
}
