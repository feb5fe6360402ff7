/** The `kefu` command line: its commands, run in the process that main.ts starts. */
import { Command } from 'commander';

type Register = (program: Command) => void;

// Each command's module is loaded only when that command runs: `kefu inspect` need not load the
// server, the database drivers and the queue (that alone took ~1 s of start-up).
const serve = async (): Promise<Register> => (await import('./serve.js')).registerServeCommands;
const COMMANDS: ReadonlyArray<[names: readonly string[], load: () => Promise<Register>]> = [
  [['inspect'], async () => (await import('./inspect.js')).registerInspectCommand],
  [['serve', 'worker', 'token'], serve],
  [['user'], async () => (await import('./user.js')).registerUserCommands],
  [['audit'], async () => (await import('./audit.js')).registerAuditCommands],
  [['keys'], async () => (await import('./keys.js')).registerKeysCommands],
  [['retention'], async () => (await import('./retention.js')).registerRetentionCommands],
  [['privacy'], async () => (await import('./privacy.js')).registerPrivacyCommands],
];

// A reader that goes away (`kefu inspect … | head`) ends the run quietly, as for any Unix filter.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

const program = new Command();
program.name('kefu').description('Kefu — 客服质检：holds customer-service teams to their service standard').version('0.1.0');
const asked = process.argv[2];
const one = COMMANDS.find(([names]) => asked !== undefined && names.includes(asked));
// Help, a version query or an unknown command: every command is registered, so all are listed.
for (const [, load] of one ? [one] : COMMANDS) (await load())(program);

await program.parseAsync(process.argv);
