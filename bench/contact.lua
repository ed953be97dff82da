-- wrk script: POST /kakao/ with a JSON message, each one different.
-- Counts non-200 answers so the run shows whether anything was refused.
local counter = 0
local refused = 0

request = function()
  counter = counter + 1
  local body = string.format('{"name":"bench","email":"bench@example.com","message":"load test message %d"}', counter)
  return wrk.format("POST", "/kakao/", { ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  if status ~= 200 then
    refused = refused + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("non-200 answers (per thread script copy): %d\n", refused))
end
