-- POST /api/v1/cases: labour complaints for random people of a file (one id
-- a line: people whose consent lets the caller open cases for them).
--   wrk ... -s bench/lua/create_case.lua URL -- PEOPLE_FILE
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local CATEGORIES = { "unpaid_wages", "recruitment_overcharging", "document_retention", "contract_substitution",
  "early_termination", "excessive_hours" }
local RISKS = { "high", "medium", "medium", "low" }
local people

setup = common.setup

function init(args)
  people = common.read_lines(args[1])
  math.randomseed(os.time() * 100 + (thread_no or 0))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  wrk.body = string.format('{"person_id":"%s","kind":"labour_complaint","risk":"%s","labour_categories":["%s"]}',
    common.pick(people), common.pick(RISKS), common.pick(CATEGORIES))
  return wrk.format(nil, "/api/v1/cases")
end

done = common.report
