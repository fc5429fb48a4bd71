-- wrk script: POST /v1/escalate to superinstance-cloud, a fresh request_id each time (a reused one is a 409).
-- The API key comes from the environment (SUPERINSTANCE_KEY), created by run.sh once the app is up.
local counter = 0
local key = os.getenv("SUPERINSTANCE_KEY")

-- Seeded by the clock: every wrk run (warm-up, then measured) must use ids of its own.
math.randomseed(os.time())

function setup(thread)
  thread:set("prefix", os.time() .. "-" .. math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local body = '{"request_id":"' .. prefix .. "-" .. counter .. '","query":"Hello!"}'
  return wrk.format("POST", "/v1/escalate", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
