-- Every search and duplicate check of a district-scoped reader uses the
-- district-first keys; readers without a district (village officers, who see
-- their own registrations) go through the person index. The token- and
-- key-first indexes cost more at import than they served.
DROP INDEX person_name_tokens_token;
DROP INDEX person_name_keys_key;
