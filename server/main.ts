import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { RenderPool } from './docx/render-pool.ts';
import { PROJECT_ROOT } from './paths.ts';
import { createApp } from './app.ts';
import { loadSecretKey } from './secret-key.ts';
import type { SealingKey } from './services/mfa/secret-box.ts';
import type { SsoConfig } from './services/sso/oidc-sso.ts';
import { engineVersion, isPostgresUrl } from './db/database.ts';
import { StartupError, openRuntime } from './runtime.ts';
import { seedDemo } from './services/seed/seed-demo.ts';
import { countUsers } from './db/users.ts';
import { loadCatalogFiles, openCatalog, projectDirs } from './services/catalog/load-catalog.ts';
import { latestReferenceRevisionId } from './db/reference.ts';
import { loadEffectiveReference } from './services/reference/reference-revisions.ts';
import { DEFAULT_TIME_ZONE, dateIn } from './services/deadlines/dates.ts';
import { rollDeadlines } from './services/deadlines/roll.ts';
import { runOnOneNode } from './services/jobs/lease.ts';
import { sendReminderDigests } from './services/reminders/digest.ts';
import { smtpMailer } from './services/reminders/mailer.ts';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};



/** Configuration comes only from here: the environment, parsed with zod. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  CLAUSEWRIGHT_DB: z.string().min(1).default(resolve(PROJECT_ROOT, 'data/clausewright.db')),
  /** A PostgreSQL database (several app servers on one database); when set, CLAUSEWRIGHT_DB is not used. Empty = unset. */
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL (leave it unset to use the SQLite file CLAUSEWRIGHT_DB)').optional()),
  /** Reverse proxies in front of the server to trust for X-Forwarded-For/-Proto (0 = none). */
  CLAUSEWRIGHT_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Demo data, only when asked: '0' never (the default, and always for `clausewright serve`);
   * 'fresh' only into a database file this start creates (what `npm start` asks for, so a
   * restart on an emptied or replaced file is not silently re-seeded); '1' whenever there are no users.
   */
  CLAUSEWRIGHT_SEED_DEMO: z.enum(['0', 'fresh', '1']).default('0'),
  CLAUSEWRIGHT_LOG: z.enum(['silent', 'info']).default('info'),
  /**
   * Worker threads that fill Word shells; 0 renders on the main thread. Default: one per core
   * but one, because the main thread (HTTP, SQLite, composition) needs a core of its own: on two
   * cores one worker gave 1.70–1.77× throughput from c=1 to c=8 and two gave 1.41–1.58×.
   */
  CLAUSEWRIGHT_RENDER_WORKERS: z.coerce.number().int().min(0).max(64).default(Math.max(1, availableParallelism() - 1)),
  /** The firm's IANA time zone: which calendar day it is for deadlines. */
  /** 64 hex characters sealing TOTP secrets at rest; without it a key file beside the database is used (server/secret-key.ts). */
  CLAUSEWRIGHT_SECRET_KEY: z.string().optional(),
  /** Keys being replaced (comma-separated): they still open what they sealed until `clausewright secret-key reseal`. */
  CLAUSEWRIGHT_SECRET_KEY_PREVIOUS: z.string().optional(),
  /** Single sign-on (OpenID Connect): all four of issuer, client id, secret and redirect URI, or none. */
  CLAUSEWRIGHT_OIDC_ISSUER: z.url().optional(),
  CLAUSEWRIGHT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CLAUSEWRIGHT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CLAUSEWRIGHT_OIDC_REDIRECT_URI: z.url().optional(),
  CLAUSEWRIGHT_OIDC_BUTTON_LABEL: z.string().min(1).max(80).default('Sign in with your organisation'),
  /** 'true': a provider's ID token whose amr lists "mfa" satisfies the two-step sign-in policy (default: a local code is still asked for). */
  CLAUSEWRIGHT_OIDC_TRUST_IDP_MFA: z.enum(['true', 'false']).default('false'),
  /** Where the provider returns the browser after ending its session (registered there); unset: the provider's own page. */
  CLAUSEWRIGHT_OIDC_POST_LOGOUT_REDIRECT_URI: z.url().optional(),
  /** E-mail reminder digests go through this SMTP server, e.g. smtp://user:pass@host:587 (smtps:// for TLS from the start). Unset or empty: no e-mail is sent. */
  CLAUSEWRIGHT_SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine((url) => /^smtps?:\/\/[^/]/.test(url), 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587').optional()),
  /** The From address of those e-mails. */
  CLAUSEWRIGHT_MAIL_FROM: z.string().min(3).default('clausewright <no-reply@localhost>'),
  /** This server's address as people reach it (e.g. https://clausewright.example.com), for links in e-mails; unset: the e-mails carry no links. */
  CLAUSEWRIGHT_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** The firm's hour (0–23) from which the day's reminder digests go out (default 7: not at midnight). */
  CLAUSEWRIGHT_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  CLAUSEWRIGHT_TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .refine((zone) => isTimeZone(zone), 'not an IANA time zone, e.g. America/Chicago'),
  /**
   * Periodic jobs (the deadline roll) run on the one app server holding their lease in the
   * database; a server that dies hands the job on after at most this long. Servers try to take or
   * renew it every third of it. Tests shorten it.
   */
  CLAUSEWRIGHT_JOB_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
});
export type Config = z.infer<typeof EnvSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const oidc = [parsed.data.CLAUSEWRIGHT_OIDC_ISSUER, parsed.data.CLAUSEWRIGHT_OIDC_CLIENT_ID, parsed.data.CLAUSEWRIGHT_OIDC_CLIENT_SECRET, parsed.data.CLAUSEWRIGHT_OIDC_REDIRECT_URI];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) throw new Error('Invalid environment: single sign-on needs all of CLAUSEWRIGHT_OIDC_ISSUER, CLAUSEWRIGHT_OIDC_CLIENT_ID, CLAUSEWRIGHT_OIDC_CLIENT_SECRET and CLAUSEWRIGHT_OIDC_REDIRECT_URI');
  return parsed.data;
}

/** The single sign-on settings, when configured. */
export function ssoConfig(config: Config): SsoConfig | undefined {
  if (!config.CLAUSEWRIGHT_OIDC_ISSUER || !config.CLAUSEWRIGHT_OIDC_CLIENT_ID || !config.CLAUSEWRIGHT_OIDC_CLIENT_SECRET || !config.CLAUSEWRIGHT_OIDC_REDIRECT_URI) return undefined;
  return {
    issuer: config.CLAUSEWRIGHT_OIDC_ISSUER,
    clientId: config.CLAUSEWRIGHT_OIDC_CLIENT_ID,
    clientSecret: config.CLAUSEWRIGHT_OIDC_CLIENT_SECRET,
    redirectUri: config.CLAUSEWRIGHT_OIDC_REDIRECT_URI,
    buttonLabel: config.CLAUSEWRIGHT_OIDC_BUTTON_LABEL,
    trustIdpMfa: config.CLAUSEWRIGHT_OIDC_TRUST_IDP_MFA === 'true',
    postLogoutRedirectUri: config.CLAUSEWRIGHT_OIDC_POST_LOGOUT_REDIRECT_URI,
  };
}

/** The database is opened, migrated and checked in one place for the server, the CLI and the tests: runtime.ts. */
export { StartupError, openDatabase } from './runtime.ts';

export { PROJECT_ROOT };

export async function startServer(config: Config = readConfig()): Promise<{ close: () => Promise<void>; port: number }> {
  const log = config.CLAUSEWRIGHT_LOG === 'silent' ? () => undefined : (line: object) => process.stdout.write(JSON.stringify({ at: new Date().toISOString(), ...line }) + '\n');
  // Refuses to start on a broken clause, Word shell or reference file, naming the file and field.
  const files = await loadCatalogFiles(projectDirs(PROJECT_ROOT));
  const { db, location, created: fresh } = await openRuntime(config);
  const catalog = await openCatalog(db, files, new Date());
  const pool = config.CLAUSEWRIGHT_RENDER_WORKERS > 0 ? new RenderPool(Object.fromEntries(Object.entries(files.shells).map(([k, s]) => [k, s.bytes])), config.CLAUSEWRIGHT_RENDER_WORKERS) : null;
  if (pool) catalog.render = (job) => pool.render(job);
  // Revisions stored by the CLI (another process) take effect here within five seconds.
  let seenRevision = await latestReferenceRevisionId(db);
  const referencePoll = setInterval(() => {
    void latestReferenceRevisionId(db).then(async (latest) => {
      if (latest === seenRevision) return;
      seenRevision = latest;
      catalog.setReference(await loadEffectiveReference(db, files.reference));
    }).catch(() => undefined);
  }, 5000);
  referencePoll.unref();
  const engine = await engineVersion(db);
  const seed = config.CLAUSEWRIGHT_SEED_DEMO === '1' || (config.CLAUSEWRIGHT_SEED_DEMO === 'fresh' && fresh);
  const demo = seed ? await seedDemo(db, new Date(), catalog) : null;
  if (demo) log({ level: 'info', msg: 'demo firm seeded', reason: `CLAUSEWRIGHT_SEED_DEMO=${config.CLAUSEWRIGHT_SEED_DEMO}` });
  const users = await countUsers(db);
  let secretKey: SealingKey;
  try {
    secretKey = loadSecretKey(config.CLAUSEWRIGHT_SECRET_KEY, config.DATABASE_URL ? null : config.CLAUSEWRIGHT_DB, config.CLAUSEWRIGHT_SECRET_KEY_PREVIOUS);
  } catch (error) {
    await db.close();
    throw new StartupError((error as Error).message);
  }
  const app = createApp({ db, catalog, log, trustProxy: config.CLAUSEWRIGHT_TRUST_PROXY, timeZone: config.CLAUSEWRIGHT_TIME_ZONE, secretKey, sso: ssoConfig(config) });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log({ level: 'info', msg: 'clausewright started', port, db: location, engine });
  printWelcome(port, demo, users, config.CLAUSEWRIGHT_SEED_DEMO !== '0');
  // Rolling deadlines move forward as days pass: hourly (a cheap indexed query when nothing is due),
  // on one app server at a time — the holder of the job's lease, which runs it as soon as it takes it.
  // After the roll (so the digests list the rolled deadlines), the day's e-mail reminder digests,
  // only when an SMTP server is configured; each person's is sent once a firm day (reminder_emails).
  const mailer = config.CLAUSEWRIGHT_SMTP_URL ? smtpMailer(config.CLAUSEWRIGHT_SMTP_URL, config.CLAUSEWRIGHT_MAIL_FROM) : null;
  const digests = () =>
    mailer
      ? sendReminderDigests({ db, mailer, now: new Date(), timeZone: config.CLAUSEWRIGHT_TIME_ZONE, publicUrl: config.CLAUSEWRIGHT_PUBLIC_URL, notBeforeHour: config.CLAUSEWRIGHT_REMINDER_HOUR })
          .then((r) => (r.sent || r.skipped || r.failed) && log({ level: r.failed ? 'error' : 'info', msg: 'reminder e-mails', ...r }))
          .catch((error: unknown) => log({ level: 'error', msg: 'sending reminder e-mails failed', error: String(error) }))
      : undefined;
  const roll = () =>
    rollDeadlines(db, dateIn(new Date(), config.CLAUSEWRIGHT_TIME_ZONE), new Date())
      .then((n) => n && log({ level: 'info', msg: 'deadlines rolled forward', documents: n }))
      .catch((error: unknown) => log({ level: 'error', msg: 'rolling deadlines failed', error: String(error) }))
      .then(digests);
  const rolling = runOnOneNode({ db, job: 'deadline-roll', work: roll, everyMs: 60 * 60_000, leaseMs: config.CLAUSEWRIGHT_JOB_LEASE_SECONDS * 1000, log });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((done) => {
      clearInterval(referencePoll);
      server.close(() => done());
    })
      // Waits for a roll in progress and hands the lease to another server at once.
      .then(() => rolling.stop({ release: true }))
      .then(() => pool?.close())
      .then(() => mailer?.close())
      .then(() => db.close()));
  return { close, port };
}

function printWelcome(port: number, demo: Awaited<ReturnType<typeof seedDemo>>, users: number, demoMode: boolean): void {
  const lines = [`\nclausewright is running: http://localhost:${port}/`];
  if (demo) {
    lines.push('Demo firm created. Sign in with:');
    for (const d of demo) lines.push(`  ${d.role.padEnd(9)} ${d.email}  /  ${d.password}`);
  } else if (users === 0) {
    lines.push('No users yet. Create the first admin (the password is read from stdin):', '  clausewright user add --email you@firm.example --name "Your Name" --role admin');
  } else if (demoMode) {
    lines.push('Demo logins (if the demo firm was seeded earlier): attorney@demo.clausewright.test / demo-attorney-password');
  }
  lines.push('clausewright is a drafting aid for attorneys; it does not give legal advice.\n');
  process.stdout.write(lines.join('\n') + '\n');
}
