import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DraftFormat } from '../compose/formats.js';
import type { RenderedDraft } from '../compose/types.js';
import type { LoadedConfig } from '../config/load.js';
import type { NetworkId } from '../networks/index.js';
import type { Figure, Update } from '../update/types.js';
import { prepareParsed } from './prepare.js';

export interface DraftRecomposer {
  /**
   * One network's draft of `update` composed and rendered again in `format`; `cardFigures` keeps
   * the key figures the team chose for the card.
   */
  recompose(update: Update, network: NetworkId, format: DraftFormat, cardFigures?: Figure[]): Promise<RenderedDraft>;
  /** Removes the rendered files (after the store has copied them). */
  dispose(): void;
}

/** Composes a stored update again for one network in another format, with the configured settings. */
export function draftRecomposer(loaded: LoadedConfig): DraftRecomposer {
  let dir: string | undefined;
  return {
    async recompose(update, network, format, cardFigures) {
      dir ??= mkdtempSync(join(tmpdir(), 'crieur-recompose-'));
      const copy: Update = structuredClone(update);
      if (network !== 'site') copy.formats = { ...(copy.formats ?? {}), [network]: format };
      const { drafts } = await prepareParsed(copy, {
        loaded,
        outDir: dir,
        only: [network],
        ...(cardFigures ? { cardFigures } : {}),
      });
      const draft = drafts.find((item) => item.network === network);
      if (draft === undefined) throw new Error(`no ${network} draft was composed`);
      return draft;
    },
    dispose() {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
