import type { Role } from '../../db/users.ts';
import type { ChecklistTask, Deadline } from '../../schemas/deadline.ts';
import type { Version } from '../../schemas/document.ts';
import type { Matter } from '../../schemas/matter.ts';

/**
 * The one list of fields a role may not see, per object served to clients (JSON API and
 * pages alike: both get their objects through the services that apply it). A client sees
 * the deal and their documents, not the firm's working notes: GET /api/matters/{id} once sent
 * a client the matter's internal tracking notes that the client's page left out.
 * A deadline's "handled" note and a checklist task's note are the paralegal's working notes
 * (who was called, what is pending from whom): the client sees the status and dates, not those.
 */
export const HIDDEN_FIELDS = {
  // msoInvestment: the firm's record of the investment terms for the safe-harbor check, not a deal term the client reads.
  matter: { client: ['trackingNotes', 'nextFollowUp', 'msoInvestment'] },
  version: { client: ['note', 'acknowledgements'] },
  deadline: { client: ['handledNote'] },
  checklistTask: { client: ['note'] },
} as const satisfies { [K in keyof Objects]: Partial<Record<Role, readonly (keyof Objects[K])[]>> };

type Objects = { matter: Matter; version: Version; deadline: Deadline; checklistTask: ChecklistTask };

/** The object as `role` may see it: hidden fields removed (a copy; the input is not changed). */
export function forRole<K extends keyof Objects>(kind: K, role: Role, value: Objects[K]): Objects[K] {
  const table: Partial<Record<Role, readonly string[]>> = HIDDEN_FIELDS[kind];
  const hidden = Object.hasOwn(table, role) ? table[role] : undefined;
  if (!hidden) return value;
  const copy: Record<string, unknown> = { ...value };
  for (const field of hidden) delete copy[field];
  return copy as Objects[K];
}
