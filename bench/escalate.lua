-- wrk script: POST /v1/escalate to superinstance-cloud, a fresh request_id each time (a reused one is a 409).
-- The API key comes from the environment (SUPERINSTANCE_KEY), created by run.sh once the app is up.
local counter = 0
local key = os.getenv("SUPERINSTANCE_KEY")

function setup(thread)
  thread:set("prefix", tostring(math.random(1, 1000000000)))
end

function request()
  counter = counter + 1
  local body = '{"request_id":"' .. prefix .. "-" .. counter .. '","query":"Hello!"}'
  return wrk.format("POST", "/v1/escalate", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
