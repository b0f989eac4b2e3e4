import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for tests: initdb into a temporary directory, listening only on
 * a unix socket in that directory, started with pg_ctl and removed afterwards. Root may not run
 * the server, so as root every command runs as the `postgres` user Debian's package creates.
 */

/** The directory holding initdb, pg_ctl and postgres: PG_BIN, else Debian's /usr/lib/postgresql/<newest>/bin, else the PATH. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

export interface PostgresServer extends PostgresDatabases {
  /** Where the server listens, so other processes (vitest workers) can reach it: postgresAt(address). */
  address: PostgresAddress;
  stop(): void;
}

export interface PostgresAddress {
  socketDir: string;
  port: number;
}

export interface PostgresDatabases {
  /** A connection string for a new database on this server: empty, or a copy of `template` (a database name). */
  createDatabase(template?: string): Promise<string>;
  /** Removes a database made by createDatabase, closing any connection still open to it. */
  dropDatabase(url: string): Promise<void>;
}

/** Databases on a server another process started (startPostgres's `address`). */
export function postgresAt({ socketDir, port }: PostgresAddress): PostgresDatabases {
  const url = (database: string) => `postgresql://postgres@/${database}?host=${encodeURIComponent(socketDir)}&port=${port}`;
  const asAdmin = async (sql: string) => {
    const admin = new pg.Client({ connectionString: url('postgres') });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  return {
    async createDatabase(template?: string) {
      const name = 'cw_' + randomBytes(6).toString('hex');
      if (template !== undefined && !/^[a-z_][a-z0-9_]*$/.test(template)) throw new Error(`not a database name: ${template}`);
      await asAdmin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      return url(name);
    },
    async dropDatabase(connectionString: string) {
      const name = /^postgresql:\/\/postgres@\/(cw_[0-9a-f]{12})\?/.exec(connectionString)?.[1];
      if (!name) throw new Error('dropDatabase drops only databases createDatabase made');
      await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

const asServerUser = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

function run(command: string, args: string[]): void {
  const [file, argv] = asServerUser(command, args);
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

export async function startPostgres(bin: string, options: { maxConnections?: number } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-pg-'));
  // The server's user must reach the directory: it holds the data and the socket, nothing else.
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = 5432;
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // A test cluster: durability settings off (nothing here must survive a crash), sockets only.
    const serverOptions = `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=${options.maxConnections ?? 60}`;
    run(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '60', 'start']);
  } catch (error) {
    const detail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : String((error as { stderr?: Buffer }).stderr ?? '');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${detail}`);
  }
  const address = { socketDir: dir, port };
  return {
    ...postgresAt(address),
    address,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
