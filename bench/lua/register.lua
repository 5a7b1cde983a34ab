-- POST /api/v1/people: registrations of distinct people with common given
-- names (so that the duplicate check meets large candidate pools) and a
-- made-up second name from a per-thread counter; no NIK.
--   wrk ... -s bench/lua/register.lua URL -- VILLAGES_FILE
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local GIVEN = {
  { "Siti Aminah", "female" }, { "Sri Wahyuni", "female" }, { "Nur Hasanah", "female" }, { "Dewi Lestari", "female" },
  { "Siti Fatimah", "female" }, { "Sri Rahayu", "female" }, { "Euis Kartini", "female" }, { "Tarsih", "female" },
  { "Siti Rohmah", "female" }, { "Yuyun Yuliani", "female" }, { "Eti Suryani", "female" }, { "Casmini", "female" },
  { "Warsih", "female" }, { "Rina Marlina", "female" }, { "Nurhayati", "female" }, { "Susanti", "female" },
  { "Yanti", "female" }, { "Sumiati", "female" }, { "Sulastri", "female" }, { "Kartini", "female" },
  { "Aisyah", "female" }, { "Khadijah", "female" }, { "Sarinah", "female" }, { "Karsinah", "female" },
  { "Rasminah", "female" }, { "Darsih", "female" }, { "Tuti", "female" }, { "Imas", "female" },
  { "Neneng", "female" }, { "Yati", "female" }, { "Ningsih", "female" }, { "Siti Zainab", "female" },
  { "Muhammad Rizki", "male" }, { "Ahmad Fauzi", "male" }, { "Dedi Kurniawan", "male" }, { "Agus Setiawan", "male" },
  { "Budi Santoso", "male" }, { "Asep Hidayat", "male" }, { "Ujang", "male" }, { "Wawan", "male" },
  { "Darsono", "male" }, { "Kusnadi", "male" }, { "Sutrisno", "male" }, { "Eko Saputra", "male" },
  { "Slamet", "male" }, { "Sholeh", "male" }, { "Muhammad Hidayat", "male" }, { "Ahmad Santoso", "male" },
  { "Asep Saepudin", "male" }, { "Rizki Saputra", "male" },
}

local villages
local n = 0

setup = common.setup

function init(args)
  villages = common.read_lines(args[1])
  math.randomseed(os.time() * 100 + (thread_no or 0))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local g = GIVEN[math.random(#GIVEN)]
  local name = g[1] .. " " .. common.word(n * 16 + (thread_no or 0))
  wrk.body = common.person_json(name, g[2], common.date(1965, 2006), common.pick(villages), common.phone())
  return wrk.format(nil, "/api/v1/people")
end

done = common.report
