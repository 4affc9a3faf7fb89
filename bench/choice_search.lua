-- wrk script: GET /api/clinics around sampled citizens' homes (file from bench/choice.sh).
local homes = {}
local token = os.getenv("CHOICE_TOKEN")
local file = os.getenv("CHOICE_HOMES")

init = function(args)
  for line in io.lines(file) do
    local lat, lon = line:match("^([%d.]+),([%d.]+)$")
    if lat then homes[#homes + 1] = { lat, lon } end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

request = function()
  local h = homes[math.random(#homes)]
  return wrk.format("GET", "/api/clinics?lat=" .. h[1] .. "&lon=" .. h[2] .. "&radius_km=15&open=true",
    { ["Authorization"] = "Bearer " .. token })
end
