import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openConnections, rotateSecretKey } from '../../connections/connections.js';
import { SecretKeyError } from '../../connections/errors.js';
import { decodeKey, newSecretKey, readSecretKey } from '../../connections/secret-key.js';
import { CrieurError } from '../../errors.js';
import { systemUserName } from '../../queue/context.js';
import { withQueue } from '../../queue/open-queue.js';
import type { Command } from '../command.js';
import { stringOption } from './args.js';

export const command: Command = {
  name: 'secret-key',
  summary: 'Make the key that encrypts the connected accounts (--new), or re-encrypt them under a new one (--rotate).',
  usage: 'crieur secret-key --new [--out FILE]\n       crieur secret-key --rotate [--out FILE]',
  options: { new: { type: 'boolean' }, rotate: { type: 'boolean' }, out: { type: 'string' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const make = args.values.new === true;
    const rotate = args.values.rotate === true;
    if (make === rotate) {
      throw new CrieurError('give --new or --rotate', 'indiquez --new ou --rotate');
    }
    const out = stringOption(args, 'out');
    const outPath = out === undefined ? undefined : resolve(io.cwd, out);
    if (outPath !== undefined && existsSync(outPath)) {
      throw new CrieurError(
        `${outPath} exists already: a key file is never overwritten (the old key may still be needed)`,
        `${outPath} existe déjà : un fichier de clé n’est jamais remplacé (l’ancienne clé peut encore servir)`,
      );
    }
    const key = newSecretKey();
    if (make) {
      if (outPath === undefined) {
        io.stdout.write(
          `${key}\n\nSet it as CRIEUR_SECRET_KEY in the service environment (or save it in a file readable by the service only and set CRIEUR_SECRET_KEY_FILE). Keep a copy somewhere safe: without it, the connected accounts must be connected again.\n`,
        );
      } else {
        writeFileSync(outPath, `${key}\n`, { mode: 0o600, flag: 'wx' });
        io.stdout.write(
          `Key written to ${outPath} (mode 600). Set CRIEUR_SECRET_KEY_FILE=${outPath} in the service environment. Keep a copy somewhere safe: without it, the connected accounts must be connected again.\n`,
        );
      }
      return 0;
    }
    const loaded = loadConfig();
    const oldKey = readSecretKey(loaded.env, io.cwd);
    if (oldKey === undefined) {
      throw new SecretKeyError(
        'no current key: set CRIEUR_SECRET_KEY or CRIEUR_SECRET_KEY_FILE to the key in use, then rotate',
        'aucune clé en usage : définissez CRIEUR_SECRET_KEY ou CRIEUR_SECRET_KEY_FILE avec la clé actuelle, puis recommencez',
      );
    }
    // The current key is checked first: a wrong one leaves no new key file behind.
    await withQueue(loaded, (context) => openConnections(context, oldKey));
    // The new key is saved before anything is re-encrypted with it.
    if (outPath !== undefined) writeFileSync(outPath, `${key}\n`, { mode: 0o600, flag: 'wx' });
    const count = await withQueue(loaded, (context) =>
      rotateSecretKey(context, oldKey, decodeKey(key, 'new key'), systemUserName(io.env)),
    );
    io.stdout.write(
      `${count} connected account(s) re-encrypted with the new key${
        outPath === undefined ? `:\n${key}\n` : `, written to ${outPath}.\n`
      }Now set ${outPath === undefined ? 'CRIEUR_SECRET_KEY to it' : `CRIEUR_SECRET_KEY_FILE=${outPath}`} in the service environment and restart the service; the old key no longer opens anything.\n`,
    );
    return 0;
  },
};
