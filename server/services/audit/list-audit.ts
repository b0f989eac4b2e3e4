import { z } from 'zod';
import type { Reader } from '../../db/database.ts';
import { listAuditForMatter, pageAuditForMatter, type AuditRow } from '../../db/audit.ts';
import type { ListQuery, ListSpec, Page } from '../../db/keyset.ts';
import type { Principal } from '../context.ts';
import { getMatter } from '../matters/matters.ts';

export const AuditEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  type: z.string(),
  actorUserId: z.number().int().nullable(),
  actorRole: z.string().nullable(),
  ip: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export async function listMatterAudit(q: Reader, principal: Principal, matterId: number, limit = 500): Promise<AuditEvent[]> {
  await getMatter(q, principal, matterId);
  const rows = await listAuditForMatter(q, matterId, limit);
  return rows.map(toAuditEvent);
}

/** One page of a matter's audit trail (issue 21): searched and keyset-paged in SQL; 404 for a matter the principal cannot see. */
export async function pageMatterAudit(q: Reader, principal: Principal, matterId: number, query: ListQuery, spec?: ListSpec): Promise<Page<AuditEvent>> {
  await getMatter(q, principal, matterId);
  const page = await pageAuditForMatter(q, principal, matterId, query, spec);
  return { ...page, rows: page.rows.map(toAuditEvent) };
}

function toAuditEvent(r: AuditRow): AuditEvent {
  return {
    id: r.id,
    at: r.at,
    type: r.type,
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    ip: r.ip,
    objectType: r.object_type,
    objectId: r.object_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}
