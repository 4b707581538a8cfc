import { CrieurError } from '../../errors.js';
import type { CommandArgs, CommandContext } from '../command.js';

/** `crieur connect linkedin|facebook|x`: the authorisation URL, then the callback or `--code`. */
export async function connectWithOAuth(
  network: 'linkedin' | 'facebook' | 'x',
  _args: CommandArgs,
  _context: CommandContext,
): Promise<number> {
  throw new CrieurError(`connecting ${network} from the command line is not available yet`, `pas encore disponible`);
}
