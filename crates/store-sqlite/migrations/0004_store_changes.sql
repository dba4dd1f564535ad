-- A counter every committed write bumps, and a random id naming this file, so a cache of
-- derived data (the warm-intro route index) can tell whether the store changed since it was
-- built. One row.
CREATE TABLE store_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    instance BLOB NOT NULL,
    counter INTEGER NOT NULL
) STRICT;

INSERT INTO store_changes (id, instance, counter) VALUES (1, randomblob(16), 0);
