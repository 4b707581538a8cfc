import type { Command } from '../command.js';
import { command as approve } from './approve.js';
import { command as audit } from './audit.js';
import { command as check } from './check.js';
import { command as doctor } from './doctor.js';
import { command as draft } from './draft.js';
import { command as edit } from './edit.js';
import { command as preview } from './preview.js';
import { command as publish } from './publish.js';
import { command as queue } from './queue.js';
import { command as rehearse } from './rehearse.js';
import { command as reject } from './reject.js';
import { command as run } from './run.js';
import { command as show } from './show.js';
import { command as status } from './status.js';
import { command as user } from './user.js';

/** Every CLI command, in the order `crieur --help` lists them (roughly the order of a morning). */
export const COMMANDS: readonly Command[] = [
  check,
  preview,
  draft,
  queue,
  show,
  edit,
  approve,
  reject,
  rehearse,
  status,
  publish,
  run,
  doctor,
  audit,
  user,
];
