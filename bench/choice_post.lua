-- wrk script: POST /api/choices, each request a new citizen and a new idempotency key, so every
-- one is a new durable decision (file of "citizen,clinic" pairs from bench/choice.sh; each run
-- starts at CHOICE_OFFSET so runs do not repeat citizens).
local pairs_ = {}
local token = os.getenv("CHOICE_TOKEN")
local file = os.getenv("CHOICE_PAIRS")
local run = os.getenv("CHOICE_RUN") or "0"
local offset = tonumber(os.getenv("CHOICE_OFFSET") or "0")
local nthreads = tonumber(os.getenv("CHOICE_THREADS") or "1")
local next_tid = 0
local counter = 0

setup = function(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

init = function(args)
  for line in io.lines(file) do
    local c, y = line:match("^(%x+),(%d+)$")
    if c then pairs_[#pairs_ + 1] = { c, y } end
  end
end

request = function()
  local i = counter * nthreads + tid
  local p = pairs_[((i + offset) % #pairs_) + 1]
  local key = "bench-" .. run .. "-" .. i
  counter = counter + 1
  local body = '{"citizen":"' .. p[1] .. '","clinic":' .. p[2] .. '}'
  return wrk.format("POST", "/api/choices", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect +
    summary.errors.read + summary.errors.write + summary.errors.timeout))
end
