-- GET the URL given to wrk (bearer token from -H), reporting p50/p95/p99.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
done = common.report
