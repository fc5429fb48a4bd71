-- wrk script: GET /spread (a counter among 10,000 Durable Objects).
wrk.path = "/spread"
