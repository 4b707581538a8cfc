import type { Command } from '../command.js';
import { command as check } from './check.js';

/** Every CLI command, in the order `crieur --help` lists them. */
export const COMMANDS: readonly Command[] = [check];
