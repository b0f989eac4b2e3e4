import type { Database } from '../../db/database.ts';
import { countUsers } from '../../db/users.ts';
import type { Role } from '../../db/users.ts';
import { createMatter } from '../matters/matters.ts';
import { DEMO_DEAL } from './demo-deal.ts';
import { addUser } from '../users/users.ts';
import type { Actor } from '../audit/record-audit.ts';
import type { Catalog } from '../documents/assemble-document.ts';
import { seedDemoDocuments } from './demo-documents.ts';

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

/** Demo passwords are public by design: the demo firm exists to be looked at, never for real matters. */
export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'admin', email: 'admin@demo.clausewright.test', password: 'demo-admin-password' },
  { role: 'attorney', email: 'attorney@demo.clausewright.test', password: 'demo-attorney-password' },
  { role: 'paralegal', email: 'paralegal@demo.clausewright.test', password: 'demo-paralegal-password' },
  { role: 'client', email: 'client@demo.clausewright.test', password: 'demo-client-password' },
];

const NAMES: Record<Role, string> = {
  admin: 'Dana Admin',
  attorney: 'Avery Castillo',
  paralegal: 'Priya Natarajan',
  client: 'Dr. Maria Delgado',
};

const SYSTEM: Actor = { userId: null, role: 'system', ip: null, requestId: 'seed' };

/**
 * Seeds the demo firm on an empty database: one user per role and a Texas matter (an MSO LLC
 * serving a PLLC owned by two Texas-licensed physicians) and, given the catalog, its documents
 * (an executed MSA and a formation checklist). Does nothing if any user exists.
 */
export async function seedDemo(db: Database, now: Date, catalog?: Catalog): Promise<DemoLogin[] | null> {
  if ((await countUsers(db)) > 0) return null;
  const ids = {} as Record<Role, number>;
  for (const login of DEMO_LOGINS) {
    const user = await addUser({ db, now, actor: SYSTEM }, { email: login.email, name: NAMES[login.role], role: login.role, password: login.password });
    ids[login.role] = user.id;
  }
  const attorney = { id: ids.attorney, role: 'attorney' as const, name: NAMES.attorney, email: DEMO_LOGINS[1]!.email };
  const matter = await createMatter(
    { db, now, principal: attorney, actor: { ...SYSTEM, userId: ids.attorney, role: 'attorney' } },
    {
      title: 'Lone Star Practice Management / Bluebonnet Physicians',
      ...DEMO_DEAL,
      clientUserIds: [ids.client],
      staffUserIds: [ids.paralegal],
    },
  );
  if (catalog) {
    const paralegal = { id: ids.paralegal, role: 'paralegal' as const, name: NAMES.paralegal, email: DEMO_LOGINS[2]!.email };
    await seedDemoDocuments(db, catalog, now, { attorney, paralegal }, matter.id);
  }
  return DEMO_LOGINS;
}
