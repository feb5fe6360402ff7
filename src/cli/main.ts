#!/usr/bin/env node
/** The `kefu` command line. */
import { Command } from 'commander';
import { registerAuditCommands } from './audit.js';
import { registerInspectCommand } from './inspect.js';
import { registerKeysCommands } from './keys.js';
import { registerPrivacyCommands } from './privacy.js';
import { registerRetentionCommands } from './retention.js';
import { registerServeCommands } from './serve.js';
import { registerUserCommands } from './user.js';

const program = new Command();
program.name('kefu').description('Kefu — 客服质检：holds customer-service teams to their service standard').version('0.1.0');
registerInspectCommand(program);
registerServeCommands(program);
registerUserCommands(program);
registerAuditCommands(program);
registerKeysCommands(program);
registerRetentionCommands(program);
registerPrivacyCommands(program);

await program.parseAsync(process.argv);
