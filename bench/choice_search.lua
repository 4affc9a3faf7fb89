-- wrk script: GET /api/clinics around sampled citizens' homes (file from bench/choice.sh).
local requests = {}
local token = os.getenv("CHOICE_TOKEN")
local file = os.getenv("CHOICE_HOMES")

init = function(args)
  for line in io.lines(file) do
    local lat, lon = line:match("^([%d.]+),([%d.]+)$")
    -- Requests are formatted once here so the load generator spends its CPU on sending.
    if lat then
      requests[#requests + 1] = wrk.format("GET", "/api/clinics?lat=" .. lat .. "&lon=" .. lon ..
        "&radius_km=15&open=true", { ["Authorization"] = "Bearer " .. token })
    end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

request = function()
  if #requests == 0 then return wrk.format("GET", "/api/health") end
  return requests[math.random(#requests)]
end
