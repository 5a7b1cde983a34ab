-- The language a user reads the pages in (issue 14): `id` or `en`, kept with
-- the account; NULL when not chosen (the browser's switch, else Bahasa
-- Indonesia, decides).
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('id', 'en'));
