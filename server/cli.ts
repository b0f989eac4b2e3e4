import { parseArgs } from 'node:util';
import { StartupError, openDatabase, readConfig, startServer } from './main.ts';
import { CreateUserSchema } from './schemas/user.ts';
import { addUser } from './services/users/users.ts';
import { AppError } from './errors.ts';
import { assembleCommand, checkCommand } from './cli-documents.ts';
import { recheckCommand, referenceCommand } from './cli-admin.ts';
import { afrCommand } from './cli-afr.ts';
import { backupCommand, copyToPostgresCommand, migrateCommand } from './cli-database.ts';
import { resetMfaByEmail } from './services/mfa/manage-mfa.ts';
import { secretKeyCommand } from './cli-secret-key.ts';
import { remindersCommand } from './cli-reminders.ts';

const USAGE = `clausewright — document assembly for healthcare MSO matters (a drafting aid for attorneys)

Usage:
  clausewright serve                                  start the server (PORT; DATABASE_URL=postgres://… or the SQLite file CLAUSEWRIGHT_DB)
  clausewright user add --email E --name N --role R   create a user; the password is read from stdin
  clausewright user reset-mfa --email E               remove a user's authenticator (a lost phone) and end their sessions
  clausewright secret-key rotate|reseal               replace the key that seals authenticator secrets (stop the server first)
  clausewright reminders send [--json]                 send today's e-mail reminder digests now (CLAUSEWRIGHT_SMTP_URL)
  clausewright migrate [--database <sqlite file|postgres url>] [--json]   apply pending migrations; lists those applied
  clausewright backup <file> [--database <sqlite file|postgres url>]      online backup of a SQLite database to <file> (PostgreSQL: pg_dump)
  clausewright copy-to-postgres --from <sqlite file> --to <postgres url> [--json]   copy everything into a new, empty PostgreSQL database, verified
  clausewright assemble --kind msa|loc|formation-checklist --answers a.json [--matter m.json] --out f.docx [--draft] [--doc-id N]
  clausewright check --kind msa|loc|formation-checklist --answers a.json [--matter m.json] [--json]
  clausewright recheck [--json]                        re-run the rules over every document in force
  clausewright reference set-afr|set-jurisdiction --file row.json --reason "why"
  clausewright afr import <file.pdf|folder> [--replace-reason "why"] [--json]   import IRS AFR rulings
  clausewright afr status [--json]                     AFR months on file and missing since 2015-01
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  afr: afrCommand,
  assemble: assembleCommand,
  check: checkCommand,
  recheck: recheckCommand,
  reference: referenceCommand,
  'secret-key': secretKeyCommand,
  reminders: remindersCommand,

  serve: async () => {
    // Production never seeds demo data, whatever the environment says; the first admin comes from `user add`.
    const running = await startServer({ ...readConfig(), CLAUSEWRIGHT_SEED_DEMO: '0' });
    await new Promise<void>((done) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.close().then(done));
    });
    return 0;
  },

  user: async (args) => {
    const [sub, ...rest] = args;
    if (sub === 'reset-mfa') {
      // The break-glass when no administrator can sign in (the only admin lost their phone and recovery codes).
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
      if (!values.email) return usage('user reset-mfa needs --email');
      const db = await openDatabase(readConfig());
      try {
        await resetMfaByEmail({ db, now: new Date(), actor: { userId: null, role: 'system', ip: null, requestId: 'cli' } }, values.email);
        process.stdout.write(`two-step sign-in reset for ${values.email}; their sessions ended\n`);
        return 0;
      } finally {
        await db.close();
      }
    }
    if (sub !== 'add') return usage('unknown user command');
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
    const password = (await readStdin()).replace(/\r?\n$/, '');
    const parsed = CreateUserSchema.safeParse({ ...values, password });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) process.stderr.write(`${issue.path.join('.') || 'input'}: ${issue.message}\n`);
      return 2;
    }
    const db = await openDatabase(readConfig());
    try {
      const user = await addUser({ db, now: new Date(), actor: { userId: null, role: 'system', ip: null, requestId: 'cli' } }, parsed.data);
      process.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
      return 0;
    } finally {
      await db.close();
    }
  },

  backup: backupCommand,
  migrate: migrateCommand,
  'copy-to-postgres': copyToPostgresCommand,
};

function usage(problem?: string): number {
  if (problem) process.stderr.write(`${problem}\n\n`);
  process.stderr.write(USAGE);
  return 2;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  // A stream, not readFile('/dev/stdin'): a pipe from another process may be non-blocking (EAGAIN).
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) return usage(name ? `unknown command: ${name}` : undefined);
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
      return error.status >= 500 ? 1 : 2;
    }
    if (error instanceof StartupError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
