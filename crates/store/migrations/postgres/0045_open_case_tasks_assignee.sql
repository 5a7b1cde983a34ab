-- "My work" lists a user's open tasks of open cases. Read from her tasks,
-- it walked every task ever left undone in a case since closed (thousands for
-- a busy paralegal); the summary of 0041 holds only the open tasks of open
-- cases, so it now keeps each one's assignee too, kept by the same triggers.
ALTER TABLE open_case_tasks ADD COLUMN assignee_id UUID;
UPDATE open_case_tasks o SET assignee_id = t.assignee_id FROM case_tasks t WHERE t.id = o.task_id;
CREATE INDEX open_case_tasks_assignee ON open_case_tasks (assignee_id, due);

CREATE OR REPLACE FUNCTION case_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := FALSE;
    now_open BOOLEAN := FALSE;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        was := OLD.status = 'open';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        now_open := NEW.status = 'open';
    END IF;
    IF was AND now_open AND (OLD.organisation_id, OLD.restricted, OLD.stage) = (NEW.organisation_id, NEW.restricted, NEW.stage) THEN
        NULL;
    ELSIF was AND now_open AND (OLD.organisation_id, OLD.restricted, OLD.stage) > (NEW.organisation_id, NEW.restricted, NEW.stage) THEN
        PERFORM case_stage_count_add(NEW.organisation_id, NEW.restricted, NEW.stage, 1);
        PERFORM case_stage_count_add(OLD.organisation_id, OLD.restricted, OLD.stage, -1);
    ELSE
        IF was THEN
            PERFORM case_stage_count_add(OLD.organisation_id, OLD.restricted, OLD.stage, -1);
        END IF;
        IF now_open THEN
            PERFORM case_stage_count_add(NEW.organisation_id, NEW.restricted, NEW.stage, 1);
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM open_case_tasks WHERE case_id = NEW.id;
        IF now_open THEN
            INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due, assignee_id)
            SELECT t.id, t.case_id, NEW.organisation_id, NEW.restricted, t.due, t.assignee_id
              FROM case_tasks t WHERE t.case_id = NEW.id AND t.done_at IS NULL;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM open_case_tasks WHERE case_id = OLD.id;
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION open_case_tasks_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM open_case_tasks WHERE task_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.done_at IS NULL THEN
        INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due, assignee_id)
        SELECT NEW.id, NEW.case_id, c.organisation_id, c.restricted, NEW.due, NEW.assignee_id
          FROM cases c WHERE c.id = NEW.case_id AND c.status = 'open';
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER open_case_tasks_sync ON case_tasks;
CREATE TRIGGER open_case_tasks_sync AFTER INSERT OR DELETE OR UPDATE OF done_at, due, case_id, assignee_id ON case_tasks
    FOR EACH ROW EXECUTE FUNCTION open_case_tasks_sync();
