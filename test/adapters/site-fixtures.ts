import { join } from 'node:path';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';

/** The bundled configuration (every network, the website included), with its data under `dir`. */
export function sampleConfig(dir: string): LoadedConfig {
  return loadConfig({ processEnv: { CRIEUR_DATA_DIR: join(dir, 'data') }, cwd: dir });
}
