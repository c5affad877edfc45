// Every CLI command, in the order `online-safety --help` lists them. One module per command.
import type { Command } from '../command.js';
import { listCommand } from './list.js';

export const commands: Command[] = [
  listCommand,
];
