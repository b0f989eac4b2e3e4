import type { Database } from '../db/database.ts';
import type { Catalog } from '../services/documents/assemble-document.ts';
import type { Principal } from '../services/context.ts';
import type { Actor } from '../services/audit/record-audit.ts';
import type { LoginLimits } from '../services/auth/login.ts';
import type { SessionPolicy } from '../services/auth/sessions.ts';
import type { MfaLimits } from '../services/mfa/verify-factor.ts';
import type { SealingKey } from '../services/mfa/secret-box.ts';
import type { SsoClient, SsoConfig } from '../services/sso/oidc-sso.ts';

export type LogLine = Record<string, unknown>;

/** Everything createApp needs from outside; main.ts builds it, tests build their own. */
export interface AppDeps {
  db: Database;
  /** Clause library, Word shells and reference data, loaded and checked at start. */
  catalog: Catalog;
  /** Injected so tests can move time (session expiry, deadlines). */
  clock?: () => Date;
  log?: (line: LogLine) => void;
  sessionPolicy?: SessionPolicy;
  /**
   * How many reverse proxies in front of the server to trust (true = 1): X-Forwarded-For is read
   * from the right, and the address the outermost trusted proxy saw is the client's.
   */
  trustProxy?: boolean | number;
  /** The firm's IANA time zone for deadline dates (default America/New_York). */
  timeZone?: string;
  /** 32 bytes that seal TOTP secrets at rest (main.ts: CLAUSEWRIGHT_SECRET_KEY or the key file); random when absent (tests). */
  secretKey?: SealingKey;
  /** Single sign-on through an OpenID Connect provider; absent = passwords only. */
  sso?: SsoConfig;
}

/** The per-app services derived from AppDeps, available to every handler. */
export interface AppServices {
  db: Database;
  catalog: Catalog;
  clock: () => Date;
  log: (line: LogLine) => void;
  sessionPolicy: SessionPolicy;
  loginLimits: LoginLimits;
  /** Trusted proxy hops; 0 = none (the socket's address is the client's). */
  trustProxy: number;
  timeZone: string;
  secretKey: SealingKey;
  mfaLimits: MfaLimits;
  sso: SsoClient | null;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    services: AppServices;
    principal: Principal | null;
    sessionToken: string | null;
    actor: Actor;
  };
}
