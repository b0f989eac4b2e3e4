import type { Role } from '../../db/users.ts';
import type { DocumentStatus } from '../../domain.ts';
import { AppError } from '../../errors.ts';

export type { DocumentStatus };

/**
 * The one state machine for a document's life. Each transition names the roles that may take
 * it; marking executable additionally passes the compliance gate (mark-executable.ts).
 */
export const TRANSITIONS: Record<DocumentStatus, Partial<Record<DocumentStatus, readonly Role[]>>> = {
  draft: { executable: ['attorney'] },
  executable: { draft: ['attorney'], executed: ['attorney', 'paralegal'] },
  executed: { renewed: ['attorney', 'paralegal'], amended: ['attorney'], terminated: ['attorney'], expired: ['attorney', 'paralegal'] },
  renewed: { renewed: ['attorney', 'paralegal'], amended: ['attorney'], terminated: ['attorney'], expired: ['attorney', 'paralegal'] },
  amended: { renewed: ['attorney', 'paralegal'], amended: ['attorney'], terminated: ['attorney'], expired: ['attorney', 'paralegal'] },
  terminated: {},
  expired: {},
};

export const IN_FORCE: ReadonlySet<DocumentStatus> = new Set(['executable', 'executed', 'renewed', 'amended']);

/** Throws 409 naming the allowed transitions, or 403 when the transition exists but not for this role. */
export function assertTransition(from: DocumentStatus, to: DocumentStatus, role: Role): void {
  // Own properties only: a status read from a form could name "constructor" or "__proto__".
  const allowed = Object.hasOwn(TRANSITIONS, from) ? TRANSITIONS[from] : {};
  const roles = Object.hasOwn(allowed, to) ? allowed[to] : undefined;
  if (!roles) {
    const options = Object.keys(allowed);
    throw new AppError('conflict', `${/^[aeiou]/.test(from) ? 'An' : 'A'} ${from} document cannot become ${to}. ${options.length ? `From ${from} it can become: ${options.join(', ')}.` : `${from} is final.`}`, {
      reason: 'invalid_transition',
      from,
      to,
      allowed: options,
    });
  }
  if (!roles.includes(role)) throw new AppError('forbidden', `Only ${roles.join(' or ')} users can make ${/^[aeiou]/.test(from) ? 'an' : 'a'} ${from} document ${to}.`);
}
