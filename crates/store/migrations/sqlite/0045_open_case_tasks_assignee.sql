-- "My work" lists a user's open tasks of open cases. Read from her tasks,
-- it walked every task ever left undone in a case since closed (thousands for
-- a busy paralegal); the summary of 0041 holds only the open tasks of open
-- cases, so it now keeps each one's assignee too, kept by the same triggers.
ALTER TABLE open_case_tasks ADD COLUMN assignee_id BLOB;
UPDATE open_case_tasks SET assignee_id = (SELECT t.assignee_id FROM case_tasks t WHERE t.id = open_case_tasks.task_id);
CREATE INDEX open_case_tasks_assignee ON open_case_tasks (assignee_id, due);

DROP TRIGGER case_summaries_update;
CREATE TRIGGER case_summaries_update AFTER UPDATE OF status, stage, organisation_id, restricted ON cases BEGIN
    UPDATE case_stage_counts SET n = n - 1
     WHERE OLD.status = 'open' AND organisation_id = OLD.organisation_id
       AND restricted = OLD.restricted AND stage = OLD.stage;
    INSERT INTO case_stage_counts (organisation_id, restricted, stage, n)
    SELECT NEW.organisation_id, NEW.restricted, NEW.stage, 1 WHERE NEW.status = 'open'
    ON CONFLICT (organisation_id, restricted, stage) DO UPDATE SET n = n + 1;
    DELETE FROM open_case_tasks WHERE case_id = NEW.id;
    INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due, assignee_id)
    SELECT t.id, t.case_id, NEW.organisation_id, NEW.restricted, t.due, t.assignee_id
      FROM case_tasks t WHERE t.case_id = NEW.id AND t.done_at IS NULL AND NEW.status = 'open';
END;

DROP TRIGGER open_case_tasks_insert;
CREATE TRIGGER open_case_tasks_insert AFTER INSERT ON case_tasks WHEN NEW.done_at IS NULL BEGIN
    INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due, assignee_id)
    SELECT NEW.id, NEW.case_id, c.organisation_id, c.restricted, NEW.due, NEW.assignee_id
      FROM cases c WHERE c.id = NEW.case_id AND c.status = 'open';
END;

DROP TRIGGER open_case_tasks_update;
CREATE TRIGGER open_case_tasks_update AFTER UPDATE OF done_at, due, case_id, assignee_id ON case_tasks BEGIN
    DELETE FROM open_case_tasks WHERE task_id = OLD.id;
    INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due, assignee_id)
    SELECT NEW.id, NEW.case_id, c.organisation_id, c.restricted, NEW.due, NEW.assignee_id
      FROM cases c WHERE c.id = NEW.case_id AND c.status = 'open' AND NEW.done_at IS NULL;
END;
