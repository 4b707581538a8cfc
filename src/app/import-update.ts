import { join } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { QueueContext } from '../queue/context.js';
import { type ImportResult, importDrafts } from '../queue/import.js';

/** Parses, composes, renders and stores an update file: its drafts then await review. */
export async function importUpdateFile(
  path: string,
  deps: { loaded: LoadedConfig; queue: QueueContext; by: string },
): Promise<ImportResult> {
  const outDir = join(deps.loaded.dataDir, 'rendered', deps.queue.now().toISOString().replace(/[:.]/g, '-'));
  // The renderer (satori, fonts, sharp) loads with the first update, not with the process.
  const { prepareUpdate } = await import('../pipeline/prepare.js');
  const prepared = await prepareUpdate(path, { loaded: deps.loaded, outDir });
  return importDrafts(deps.queue, { update: prepared.update, drafts: prepared.drafts, by: deps.by });
}
