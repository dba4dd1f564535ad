-- Reminders, materialized. The core derives each person's reminders from their records
-- (rapport_domain::reminders) and replaces them here, in the same transaction as any change to
-- those records, so reading what is due is an indexed range rather than a recomputation over
-- the whole network. Times are microseconds like everywhere else; `urgency` is the priority as
-- a number (0 urgent, 1 high, 2 medium, 3 low) so that it sorts; `hidden` is set while the
-- person is in the trash (the trigger below keeps it in step).
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    rule TEXT NOT NULL,
    urgency INTEGER NOT NULL,
    opens_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    overdue_at INTEGER NOT NULL,
    escalate_at INTEGER,
    expires_at INTEGER,
    what TEXT NOT NULL,
    who TEXT NOT NULL,
    why TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    UNIQUE (person_id, key)
) STRICT;
-- Reading what is due at a moment (see reminders.rs): what has opened is read by opening time
-- (the late among it counted up to a cap), the most pressing of a long late list in order of
-- urgency, stopping early. Both are covering, so the table itself is read only for the few
-- reminders shown.
CREATE INDEX reminders_by_opening
    ON reminders(owner, hidden, opens_at, overdue_at, expires_at, due_at, urgency, escalate_at);
CREATE INDEX reminders_by_urgency ON reminders(owner, hidden, urgency, due_at, overdue_at, expires_at, opens_at);
-- The rare reminder that stays open more than 30 days before it is late: what is current at a
-- moment is what opened in the last 30 days (by opening time) plus these.
CREATE INDEX reminders_long_open
    ON reminders(owner, hidden, overdue_at, expires_at, opens_at, due_at, urgency, escalate_at)
    WHERE overdue_at - opens_at > 2592000000000;

-- The seeker's decisions (done, snoozed until a time, dismissed), kept by the reminder's key
-- so they survive every recomputation. `person_id` is NULL for list-level reminders (the
-- weekly review, the short-list prompt).
CREATE TABLE reminder_decisions (
    owner BLOB NOT NULL REFERENCES accounts(id),
    person_id BLOB REFERENCES people(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    action TEXT NOT NULL,
    until INTEGER,
    decided_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX reminder_decisions_by_key ON reminder_decisions(owner, ifnull(person_id, x''), key);
CREATE INDEX reminder_decisions_by_person ON reminder_decisions(person_id);

-- A person's reminders hide with them in the trash and come back with them.
CREATE TRIGGER people_trash_hides_reminders AFTER UPDATE OF deleted_at ON people
WHEN old.deleted_at IS NOT new.deleted_at
BEGIN
    UPDATE reminders SET hidden = (new.deleted_at IS NOT NULL) WHERE person_id = new.id;
END;
