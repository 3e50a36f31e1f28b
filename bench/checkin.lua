-- wrk script: each request checks in one agent type of a seeded offering: a random one, or with
-- CHECKIN_ORDER=cycle every offering and type in turn, so that each agent checks in at a steady
-- period as real agents do (each of wrk's threads starts its own way round the list).
-- Usage: wrk ... -s checkin.lua URL -- offerings.txt   (token in VIGIL_TOKEN)
local offerings = {}
local token = os.getenv("VIGIL_TOKEN")
local cycle = os.getenv("CHECKIN_ORDER") == "cycle"
local headers = nil
local threads = 0
local position = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    offerings[#offerings + 1] = line
  end
  headers = { ["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json" }
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  -- A thread's start: with two threads (cpu.sh's -t2), half-way round from the other's.
  position = ((id or 0) * math.floor(#offerings * 5 / 2)) % (#offerings * 5)
end

function request()
  local offering, type
  if cycle then
    offering = offerings[math.floor(position / 5) + 1]
    type = position % 5 + 1
    position = (position + 1) % (#offerings * 5)
  else
    offering = offerings[math.random(#offerings)]
    type = math.random(5)
  end
  local body = '{"offering_uuid":"' .. offering .. '","agent_type":' .. type .. '}'
  return wrk.format("POST", "/api/marketplace-integration-statuses/check_in/", headers, body)
end
