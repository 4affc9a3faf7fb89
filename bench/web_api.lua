-- wrk script: one GET endpoint of the web app per run (bench/web_api.sh sets WEB_PATHS to a file
-- of request paths, one per line; each connection picks them at random).
local requests = {}
local token = os.getenv("WEB_TOKEN")
local file = os.getenv("WEB_PATHS")

init = function(args)
  for line in io.lines(file) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("GET", line, { ["Authorization"] = "Bearer " .. token,
        ["Accept-Encoding"] = os.getenv("WEB_ENCODING") or "gzip" })
    end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

request = function()
  return requests[math.random(#requests)]
end
