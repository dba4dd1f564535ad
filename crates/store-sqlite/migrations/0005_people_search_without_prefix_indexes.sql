-- People's full-text index without its prefix indexes (`prefix = '2 3'`), which indexed every
-- word of every name, title and employer again under its first two and three letters: three
-- entries per word. A search's last word is still a prefix (`"mar"*`), answered from the words
-- themselves: with at most a few words per person there are few to scan. Notes and the other
-- documents (`search_fts`) keep theirs: long texts have many more words per prefix. Rebuilt
-- from the content table, which holds the rows the writer indexed.
DROP TABLE people_fts;
CREATE VIRTUAL TABLE people_fts USING fts5(
    full_name, search_text,
    content = 'people', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO people_fts (people_fts) VALUES ('rebuild');
