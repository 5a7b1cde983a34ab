-- Helpers shared by the wrk scripts of bench/people-load.sh and cases-load.sh (loaded with
-- dofile from the script's own directory).
local M = {}

function M.read_lines(path)
  local out = {}
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  assert(#out > 0, "no lines in " .. path)
  return out
end

function M.pick(list)
  return list[math.random(#list)]
end

-- A random date between years y0 and y1 (days 1..28: always valid).
function M.date(y0, y1)
  return string.format("%04d-%02d-%02d", math.random(y0, y1), math.random(1, 12), math.random(1, 28))
end

-- An Indonesian mobile number: 08 and 10 digits.
function M.phone()
  return string.format("08%05d%05d", math.random(0, 99999), math.random(0, 99999))
end

-- A made-up word from a number (unique per number): 3 or more syllables.
local SYL = { "ka", "ri", "mu", "la", "se", "to", "na", "wi", "jo", "de", "pa", "su", "ge", "ba", "ni", "ho" }
function M.word(n)
  local parts = {}
  repeat
    parts[#parts + 1] = SYL[(n % #SYL) + 1]
    n = math.floor(n / #SYL)
  until n == 0 and #parts >= 3
  local w = table.concat(parts)
  return w:sub(1, 1):upper() .. w:sub(2)
end

-- A registration (or match) body; names and codes need no JSON escaping.
function M.person_json(full_name, sex, birth_date, village, phone)
  return string.format(
    '{"full_name":"%s","sex":"%s","birth_date":"%s","village_code":"%s","phone":"%s"}',
    full_name, sex, birth_date, village, phone)
end

-- Latency percentiles (p95 is not in wrk's --latency table) and errors.
function M.report(summary, latency)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("  %d requests in %.1f s: %.1f req/s; non-2xx/3xx %d; socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.requests, secs, summary.requests / secs, e.status, e.connect, e.read, e.write, e.timeout))
end

-- Each thread gets its own number (for distinct random seeds and names).
M.threads = 0
function M.setup(thread)
  M.threads = M.threads + 1
  thread:set("thread_no", M.threads)
end

return M
