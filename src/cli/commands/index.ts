// Every CLI command, in the order `online-safety --help` lists them. One module per command.
import type { Command } from '../command.js';
import { completionCommand } from './completion.js';
import { diffCommand } from './diff.js';
import { evaluateCommand } from './evaluate.js';
import { explainCommand } from './explain.js';
import { fmtCommand } from './fmt.js';
import { initCommand } from './init.js';
import { listCommand } from './list.js';
import { renderCommand } from './render.js';
import { serveCommand } from './serve.js';
import { testCommand } from './test.js';
import { triageCommand } from './triage.js';
import { typesCommand } from './types.js';
import { validateCommand } from './validate.js';

export const commands: Command[] = [
  evaluateCommand,
  explainCommand,
  triageCommand,
  serveCommand,
  validateCommand,
  testCommand,
  listCommand,
  diffCommand,
  renderCommand,
  fmtCommand,
  initCommand,
  typesCommand,
  completionCommand,
];
