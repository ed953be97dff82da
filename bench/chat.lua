-- wrk script: POST /chat/ with one of several questions, in Korean and English.
-- Counts non-200 answers so the run shows whether anything was refused.
local questions = {
  "What's your email?", "이메일 주소가 뭐예요?", "어떤 기술을 다루세요?",
  "Which skills do you have?", "전화번호 알려주세요", "Where did you work?",
}
local counter = 0
local refused = 0

request = function()
  counter = counter + 1
  local q = questions[(counter % #questions) + 1]
  return wrk.format("POST", "/chat/", { ["Content-Type"] = "application/json" }, '{"question":"' .. q .. '"}')
end

response = function(status, headers, body)
  if status ~= 200 then
    refused = refused + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("non-200 answers (per thread script copy): %d\n", refused))
end
