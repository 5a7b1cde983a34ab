-- A supervisor's caseload at 300,000 cases: its lists read only the cases
-- they show (late first actions and cases without action by deadline,
-- closures waiting for a decision), the count per stage is read from the
-- index alone, and the overdue tasks of an organisation are found in the
-- index of open tasks before any task row is read.
CREATE INDEX cases_action_due ON cases (organisation_id, first_action_due)
    WHERE status = 'open' AND first_action_at IS NULL;
CREATE INDEX cases_pending_approval ON cases (organisation_id, updated_at)
    WHERE pending_approval IS NOT NULL;
CREATE INDEX cases_organisation_stage ON cases (organisation_id, status, stage);
CREATE INDEX case_tasks_open ON case_tasks (case_id, due, id) WHERE done_at IS NULL;
