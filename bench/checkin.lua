-- wrk script: each request checks in one agent type of a random seeded offering.
-- Usage: wrk ... -s checkin.lua URL -- offerings.txt   (token in VIGIL_TOKEN)
local offerings = {}
local token = os.getenv("VIGIL_TOKEN")
local headers = nil

function init(args)
  for line in io.lines(args[1]) do
    offerings[#offerings + 1] = line
  end
  headers = { ["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json" }
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local body = '{"offering_uuid":"' .. offerings[math.random(#offerings)] .. '","agent_type":' .. math.random(5) .. '}'
  return wrk.format("POST", "/api/marketplace-integration-statuses/check_in/", headers, body)
end
