-- E-mail reminder digests (server/services/reminders/): once per firm day each attorney and
-- paralegal gets one e-mail listing the open deadlines on their matters that reach a reminder day,
-- fall due today, or became overdue yesterday.

-- One row per user and firm date: the claim that makes each digest go out once across every app
-- server on this database. A server inserts the row (the primary key refuses a second claim) before
-- sending, sets sent_at once the SMTP server accepted the message, and deletes its own row when
-- sending failed so the next hourly run tries again. A claim still without sent_at after 15 minutes
-- belongs to a server that died mid-send and may be taken over; a row with sent_at is never sent again.
CREATE TABLE reminder_emails (
  user_id        INTEGER NOT NULL REFERENCES users(id),
  firm_date      TEXT NOT NULL,
  claimed_at     TEXT NOT NULL,
  sent_at        TEXT,
  deadline_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, firm_date)
) STRICT;

-- The user's choice (the deadlines dashboard's reminder form): 1 = send the digest, 0 = never.
ALTER TABLE users ADD COLUMN email_reminders INTEGER NOT NULL DEFAULT 1 CHECK (email_reminders IN (0, 1));
