import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CardSpec, CardStyle, RenderedCard } from '../cards/types.js';
import type { LoadedConfig } from '../config/load.js';
import type { NetworkId } from '../networks/index.js';
import { createCardRenderer } from '../render/renderer.js';
import { cardCacheFor } from './card-cache-dir.js';

export interface CardRedrawer {
  style: CardStyle;
  render(spec: CardSpec, network: NetworkId): Promise<RenderedCard>;
  /** Removes the rendered files (after the store has copied them). */
  dispose(): void;
}

/** Renders single cards again with the configured branding and wording, for an edit of a stored draft. */
export function cardRedrawer(loaded: LoadedConfig): CardRedrawer {
  const { config, path } = loaded;
  const renderer = createCardRenderer({
    branding: config.branding,
    baseDir: dirname(path),
    cache: cardCacheFor(loaded),
  });
  let dir: string | undefined;
  return {
    style: { typography: config.typography, glossary: config.glossary },
    render(spec, network) {
      dir ??= mkdtempSync(join(tmpdir(), 'crieur-card-'));
      return renderer.render(spec, network, dir);
    },
    dispose() {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
