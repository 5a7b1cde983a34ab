-- POST /api/v1/people/match (nothing is saved): the most common names, each
-- with a random birth date, phone and Cirebon village.
--   wrk ... -s bench/lua/match.lua URL -- VILLAGES_FILE
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local NAMES = {
  { "Siti Aminah", "female" }, { "Sri Wahyuni", "female" }, { "Nur Hasanah", "female" }, { "Dewi Lestari", "female" },
  { "Muhammad Rizki", "male" }, { "Siti Fatimah", "female" }, { "Sri Rahayu", "female" }, { "Rina Marlina", "female" },
  { "Euis Kartini", "female" }, { "Dedi Kurniawan", "male" }, { "Agus Setiawan", "male" }, { "Ahmad Fauzi", "male" },
}

local villages

setup = common.setup

function init(args)
  villages = common.read_lines(args[1])
  math.randomseed(os.time() * 100 + (thread_no or 0))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local p = NAMES[math.random(#NAMES)]
  wrk.body = common.person_json(p[1], p[2], common.date(1965, 2006), common.pick(villages), common.phone())
  return wrk.format(nil, "/api/v1/people/match")
end

done = common.report
