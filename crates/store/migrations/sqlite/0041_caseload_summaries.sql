-- Summary tables of the supervisor's caseload, kept by triggers in the same
-- transaction as each write (so that the page reads a few rows, not every
-- open case of a large organisation): open cases per organisation,
-- restriction and stage; and the open tasks of open cases, by organisation
-- and due day.
CREATE TABLE case_stage_counts (
    organisation_id BLOB NOT NULL,
    restricted      INTEGER NOT NULL,
    stage           TEXT NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, restricted, stage)
);

CREATE TABLE open_case_tasks (
    task_id         BLOB PRIMARY KEY,
    case_id         BLOB NOT NULL,
    organisation_id BLOB NOT NULL,
    restricted      INTEGER NOT NULL,
    due             TEXT
);
CREATE INDEX open_case_tasks_due ON open_case_tasks (organisation_id, due);
CREATE INDEX open_case_tasks_case ON open_case_tasks (case_id);

INSERT INTO case_stage_counts (organisation_id, restricted, stage, n)
SELECT organisation_id, restricted, stage, COUNT(*) FROM cases WHERE status = 'open'
GROUP BY organisation_id, restricted, stage;

INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due)
SELECT t.id, t.case_id, c.organisation_id, c.restricted, t.due
  FROM case_tasks t JOIN cases c ON c.id = t.case_id
 WHERE t.done_at IS NULL AND c.status = 'open';

CREATE TRIGGER case_summaries_insert AFTER INSERT ON cases WHEN NEW.status = 'open' BEGIN
    INSERT INTO case_stage_counts (organisation_id, restricted, stage, n)
    VALUES (NEW.organisation_id, NEW.restricted, NEW.stage, 1)
    ON CONFLICT (organisation_id, restricted, stage) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_summaries_update AFTER UPDATE OF status, stage, organisation_id, restricted ON cases BEGIN
    UPDATE case_stage_counts SET n = n - 1
     WHERE OLD.status = 'open' AND organisation_id = OLD.organisation_id
       AND restricted = OLD.restricted AND stage = OLD.stage;
    INSERT INTO case_stage_counts (organisation_id, restricted, stage, n)
    SELECT NEW.organisation_id, NEW.restricted, NEW.stage, 1 WHERE NEW.status = 'open'
    ON CONFLICT (organisation_id, restricted, stage) DO UPDATE SET n = n + 1;
    DELETE FROM open_case_tasks WHERE case_id = NEW.id;
    INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due)
    SELECT t.id, t.case_id, NEW.organisation_id, NEW.restricted, t.due
      FROM case_tasks t WHERE t.case_id = NEW.id AND t.done_at IS NULL AND NEW.status = 'open';
END;

CREATE TRIGGER case_summaries_delete AFTER DELETE ON cases BEGIN
    UPDATE case_stage_counts SET n = n - 1
     WHERE OLD.status = 'open' AND organisation_id = OLD.organisation_id
       AND restricted = OLD.restricted AND stage = OLD.stage;
    DELETE FROM open_case_tasks WHERE case_id = OLD.id;
END;

CREATE TRIGGER open_case_tasks_insert AFTER INSERT ON case_tasks WHEN NEW.done_at IS NULL BEGIN
    INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due)
    SELECT NEW.id, NEW.case_id, c.organisation_id, c.restricted, NEW.due
      FROM cases c WHERE c.id = NEW.case_id AND c.status = 'open';
END;

CREATE TRIGGER open_case_tasks_update AFTER UPDATE OF done_at, due, case_id ON case_tasks BEGIN
    DELETE FROM open_case_tasks WHERE task_id = OLD.id;
    INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due)
    SELECT NEW.id, NEW.case_id, c.organisation_id, c.restricted, NEW.due
      FROM cases c WHERE c.id = NEW.case_id AND c.status = 'open' AND NEW.done_at IS NULL;
END;

CREATE TRIGGER open_case_tasks_delete AFTER DELETE ON case_tasks BEGIN
    DELETE FROM open_case_tasks WHERE task_id = OLD.id;
END;
