-- wrk script: a non-streaming chat completion, as an OpenAI client sends it.
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"Hello!"}]}'
