import type { Queryable, Reader } from './database.ts';
import { insertedIdOf } from './database.ts';
import { readPage, type ListQuery, type ListSpec, type Page } from './keyset.ts';

import type { Role } from '../domain.ts';

export type { Role };

export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
}

const PUBLIC_COLUMNS = 'id, email, name, role, disabled, created_at';

export const findUserByEmail = (q: Reader, email: string) =>
  q.get<UserRow>('SELECT * FROM users WHERE email = ?', [email]);

export const findUserById = (q: Reader, id: number) =>
  q.get<Omit<UserRow, 'password_hash'>>(`SELECT ${PUBLIC_COLUMNS} FROM users WHERE id = ?`, [id]);

export const listUsers = (q: Reader) =>
  q.all<Omit<UserRow, 'password_hash'>>(`SELECT ${PUBLIC_COLUMNS} FROM users ORDER BY role, name`);

export const countUsers = async (q: Reader) => (await q.get<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0;

export async function insertUser(
  q: Queryable,
  user: { email: string; name: string; role: Role; passwordHash: string; createdAt: string },
): Promise<number> {
  const inserted = await q.run('INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
    user.email,
    user.name,
    user.role,
    user.passwordHash,
    user.createdAt,
  ]);
  return insertedIdOf(inserted);
}

export async function updateUserRoleAndStatus(q: Queryable, id: number, role: Role, disabled: boolean): Promise<number> {
  const { rowsAffected } = await q.run('UPDATE users SET role = ?, disabled = ? WHERE id = ?', [role, disabled ? 1 : 0, id]);
  return rowsAffected;
}

/** The users list (issue 21): sorts and search for keyset pages (keyset.ts); the password hash is never read. */
export const USER_LIST: ListSpec = {
  sorts: {
    name: { sql: 'u.name', type: 'text', dir: 'asc', label: 'Name' },
    // The order SQLite's NOCASE column gives (bytes of the lower-cased address), on PostgreSQL too,
    // whose case-insensitive ICU collation would put "@" before digits (u2@ after u23@).
    email: { sql: 'lower(u.email) COLLATE BINARY', type: 'text', dir: 'asc', label: 'Email' },
    role: { sql: 'u.role', type: 'text', dir: 'asc', label: 'Role' },
    since: { sql: 'u.created_at', type: 'text', dir: 'desc', label: 'Since' },
  },
  defaultSort: 'name',
  searchColumns: ['u.name', 'u.email', 'u.role'],
  id: 'u.id',
};

export const pageUsers = (q: Reader, query: ListQuery): Promise<Page<Omit<UserRow, 'password_hash'>>> =>
  readPage(q, USER_LIST, query, { select: PUBLIC_COLUMNS.split(', ').map((c) => `u.${c}`).join(', '), from: 'FROM users u', where: [], params: [] });
