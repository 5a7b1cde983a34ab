-- Summary tables of the supervisor's caseload, kept by triggers in the same
-- transaction as each write (so that the page reads a few rows, not every
-- open case of a large organisation): open cases per organisation,
-- restriction and stage; and the open tasks of open cases, by organisation
-- and due day.
CREATE TABLE case_stage_counts (
    organisation_id UUID NOT NULL,
    restricted      BOOLEAN NOT NULL,
    stage           TEXT NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, restricted, stage)
);

CREATE TABLE open_case_tasks (
    task_id         UUID PRIMARY KEY,
    case_id         UUID NOT NULL,
    organisation_id UUID NOT NULL,
    restricted      BOOLEAN NOT NULL,
    due             DATE
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

-- The counts of a case's old and new (organisation, restriction, stage),
-- taken in the order of their keys, and before any other trigger of the
-- write takes a row of the report aggregates (a BEFORE trigger, and its
-- name sorts first), so that two writers never wait on each other's rows in
-- opposite orders.
CREATE FUNCTION case_stage_count_add(o UUID, r BOOLEAN, s TEXT, d BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO case_stage_counts (organisation_id, restricted, stage, n) VALUES (o, r, s, d)
    ON CONFLICT (organisation_id, restricted, stage) DO UPDATE SET n = case_stage_counts.n + d;
$$;

CREATE FUNCTION case_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
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
            INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due)
            SELECT t.id, t.case_id, NEW.organisation_id, NEW.restricted, t.due
              FROM case_tasks t WHERE t.case_id = NEW.id AND t.done_at IS NULL;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM open_case_tasks WHERE case_id = OLD.id;
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER case_summaries BEFORE INSERT OR DELETE OR UPDATE OF status, stage, organisation_id, restricted ON cases
    FOR EACH ROW EXECUTE FUNCTION case_summaries();

CREATE FUNCTION open_case_tasks_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM open_case_tasks WHERE task_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.done_at IS NULL THEN
        INSERT INTO open_case_tasks (task_id, case_id, organisation_id, restricted, due)
        SELECT NEW.id, NEW.case_id, c.organisation_id, c.restricted, NEW.due
          FROM cases c WHERE c.id = NEW.case_id AND c.status = 'open';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER open_case_tasks_sync AFTER INSERT OR DELETE OR UPDATE OF done_at, due, case_id ON case_tasks
    FOR EACH ROW EXECUTE FUNCTION open_case_tasks_sync();
