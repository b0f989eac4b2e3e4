import type { Database, Reader } from '../../db/database.ts';
import { deleteSessionsOfUser } from '../../db/sessions.ts';
import * as sql from '../../db/users.ts';
import type { ListQuery, Page } from '../../db/keyset.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { CreateUser, UpdateUser, User } from '../../schemas/user.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { hashPassword } from '../auth/password.ts';
import { assertPasswordAllowed } from '../auth/password-policy.ts';

const toUser = (row: Omit<sql.UserRow, 'password_hash'>): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
});

/** One page of users, searched and sorted in SQL (issue 21). */
export async function pageUsers(q: Reader, query: ListQuery): Promise<Page<User>> {
  const page = await sql.pageUsers(q, query);
  return { ...page, rows: page.rows.map(toUser) };
}

export async function listUsers(q: Reader): Promise<User[]> {
  return (await sql.listUsers(q)).map(toUser);
}

/** Creates a user; used by the admin API, the CLI and the demo seed (the last two act as the system). */
export async function addUser(deps: { db: Database; now: Date; actor: Actor }, input: CreateUser): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const id = await deps.db.transaction(async (tx) => {
    if (await sql.findUserByEmail(tx, input.email)) throw new AppError('conflict', 'A user with that email already exists.', { fields: [{ path: 'email', issue: 'duplicate', message: 'Another user already has this e-mail address.' }] });
    const userId = await sql.insertUser(tx, { ...input, passwordHash, createdAt: deps.now.toISOString() });
    await recordAudit(tx, deps.actor, deps.now, { type: 'user.created', object: { type: 'user', id: userId }, data: { email: input.email, role: input.role } });
    return userId;
  });
  const row = await sql.findUserById(deps.db, id);
  if (!row) throw notFound('User');
  return toUser(row);
}

export async function createUser(ctx: ServiceContext, input: CreateUser): Promise<User> {
  if (ctx.principal.role !== 'admin') throw forbidden('Only administrators manage users.');
  assertPasswordAllowed(input.password, 'password', input.email);
  return addUser(ctx, input);
}

/** Changing a role or disabling an account ends every session the user has (ASVS 7.4.2). */
export async function updateUser(ctx: ServiceContext, id: number, patch: UpdateUser): Promise<User> {
  if (ctx.principal.role !== 'admin') throw forbidden('Only administrators manage users.');
  if (id === ctx.principal.id && (patch.disabled || (patch.role && patch.role !== 'admin'))) {
    throw new AppError('conflict', 'You cannot remove your own administrator access.');
  }
  await ctx.db.transaction(async (tx) => {
    const current = await sql.findUserById(tx, id);
    if (!current) throw notFound('User');
    const to = { role: patch.role ?? current.role, disabled: patch.disabled ?? current.disabled === 1 };
    await sql.updateUserRoleAndStatus(tx, id, to.role, to.disabled);
    await deleteSessionsOfUser(tx, id);
    await recordAudit(tx, ctx.actor, ctx.now, {
      type: 'user.updated',
      object: { type: 'user', id },
      data: { email: current.email, from: { role: current.role, disabled: current.disabled === 1 }, to },
    });
  });
  const row = await sql.findUserById(ctx.db, id);
  if (!row) throw notFound('User');
  return toUser(row);
}
