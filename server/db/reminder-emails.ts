import type { Queryable, Reader } from './database.ts';

/**
 * E-mail reminder digests (migration 022): who gets one, what it lists, and the per-user,
 * per-firm-day claim that makes it go out once across every app server. Plain `?` SQL that runs
 * on SQLite and PostgreSQL alike.
 */

export interface DigestRecipient {
  id: number;
  email: string;
  name: string;
}

/**
 * Attorneys and paralegals who are active, have not turned the digest off, and are a member of at
 * least one matter: nobody else is ever sent one (clients and admins never).
 */
export const listDigestRecipients = (q: Reader) =>
  q.all<DigestRecipient>(
    `SELECT u.id, u.email, u.name FROM users u
      WHERE u.role IN ('attorney', 'paralegal') AND u.disabled = 0 AND u.email_reminders = 1
        AND EXISTS (SELECT 1 FROM matter_members mm WHERE mm.user_id = u.id)
      ORDER BY u.id`,
  );

export interface DigestDeadlineRow {
  id: number;
  due_date: string;
  title: string;
  kind: string;
  matter_id: number;
  matter_title: string;
}

/** The open deadlines on this user's matters due on one of `dueDates`, soonest first. */
export function listMemberDeadlinesDueOn(q: Reader, userId: number, dueDates: readonly string[]): Promise<DigestDeadlineRow[]> {
  if (dueDates.length === 0) return Promise.resolve([]);
  return q.all<DigestDeadlineRow>(
    `SELECT d.id, d.due_date, d.title, d.kind, d.matter_id, m.title AS matter_title
       FROM matter_members mm
       JOIN deadlines d ON d.matter_id = mm.matter_id
       JOIN matters m ON m.id = d.matter_id
      WHERE mm.user_id = ? AND d.status = 'open' AND d.due_date IN (${dueDates.map(() => '?').join(', ')})
      ORDER BY d.due_date, m.title, d.matter_id, d.id`,
    [userId, ...dueDates],
  );
}

/**
 * Claims (user, firm date) for this run: a new row, or a claim left without sent_at since before
 * `staleBefore` (its server died mid-send). True when this caller now holds it; false when the
 * digest was sent already or another server is sending it. Each statement is a single atomic
 * write, so two servers racing for the same row cannot both win.
 */
export async function claimDigest(q: Queryable, userId: number, firmDate: string, claimedAt: string, staleBefore: string, count: number): Promise<boolean> {
  const inserted = await q.run(
    'INSERT INTO reminder_emails (user_id, firm_date, claimed_at, sent_at, deadline_count) VALUES (?, ?, ?, NULL, ?) ON CONFLICT (user_id, firm_date) DO NOTHING',
    [userId, firmDate, claimedAt, count],
  );
  if (inserted.rowsAffected === 1) return true;
  const retaken = await q.run(
    'UPDATE reminder_emails SET claimed_at = ?, deadline_count = ? WHERE user_id = ? AND firm_date = ? AND sent_at IS NULL AND claimed_at < ?',
    [claimedAt, count, userId, firmDate, staleBefore],
  );
  return retaken.rowsAffected === 1;
}

/** Records that the SMTP server accepted this caller's digest (only while the claim is still its own). */
export const markDigestSent = (q: Queryable, userId: number, firmDate: string, claimedAt: string, sentAt: string) =>
  q.run('UPDATE reminder_emails SET sent_at = ? WHERE user_id = ? AND firm_date = ? AND claimed_at = ? AND sent_at IS NULL', [sentAt, userId, firmDate, claimedAt]);

/** Gives a failed send's claim back, so the next run tries again (never a row that was sent). */
export const releaseDigestClaim = (q: Queryable, userId: number, firmDate: string, claimedAt: string) =>
  q.run('DELETE FROM reminder_emails WHERE user_id = ? AND firm_date = ? AND claimed_at = ? AND sent_at IS NULL', [userId, firmDate, claimedAt]);

// ── The user's preference ─────────────────────────────────────────────────────

export const findEmailReminders = async (q: Reader, userId: number): Promise<boolean> =>
  ((await q.get<{ email_reminders: number }>('SELECT email_reminders FROM users WHERE id = ?', [userId]))?.email_reminders ?? 1) === 1;

export const saveEmailReminders = (q: Queryable, userId: number, on: boolean) => q.run('UPDATE users SET email_reminders = ? WHERE id = ?', [on ? 1 : 0, userId]);
