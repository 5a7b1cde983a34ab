-- GET a random path from a file, one per line (e.g. /cases/{id}), with the
-- header given to wrk (a session cookie or a bearer token).
--   wrk ... -s bench/lua/paths.lua URL -- PATHS_FILE
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local paths

setup = common.setup

function init(args)
  paths = common.read_lines(args[1])
  math.randomseed(os.time() * 100 + (thread_no or 0))
end

function request()
  return wrk.format("GET", common.pick(paths))
end

done = common.report
