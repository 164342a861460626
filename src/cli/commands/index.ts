/** Every CLI command, in the order `--help` lists them. Add a command by adding it here. */
import type { Command } from '../command.js';
import { ackCommand } from './ack.js';
import { cleanupCommand } from './cleanup.js';
import { demoCommand } from './demo.js';
import { initCommand } from './init.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { setCommand } from './set.js';
import { simCommand } from './sim.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly Command[] = [
  runCommand,
  cleanupCommand,
  reportCommand,
  validateCommand,
  initCommand,
  setCommand,
  demoCommand,
  ackCommand,
  simCommand
];
