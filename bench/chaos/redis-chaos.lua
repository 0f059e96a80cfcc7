-- wrk script for bench/chaos/redis-chaos.sh: a mix of the events and recommendation endpoints of both APIs, with
-- every write to a listener of its own, so that each acknowledged write can be read back afterwards.
--
-- Run with as many connections as threads (-tN -cN) and no pipelining: a thread then has one request in flight, the
-- last one request() made, which is how response() knows which write an answer acknowledges. (wrk calls request()
-- once more than it sends, at the start, so a queue of what was made would run one behind.)
--
-- Environment:
--   ACKS     a directory: each thread appends "user item" for every acknowledged write to ACKS/acks-<thread>.txt
--   USERS    users with offline recommendations in the artifact set (ids 2u+1; default 20000)
--   TRACKS   tracks in the catalogue (ids 97i+11; default 20000)

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
   table.insert(threads, thread)
end

local acks_dir = os.getenv("ACKS") or "/tmp"
local users = tonumber(os.getenv("USERS") or "20000")
local tracks = tonumber(os.getenv("TRACKS") or "20000")

-- Per thread (each has its own Lua state): the request in flight, and the tallies done() adds up.
local last
local seq = 0
local acks
total, s5xx, s500, s503, s2xx, other = 0, 0, 0, 0, 0, 0
writes, writes_ok, writes_503, reads_ok, reads_degraded, recs_not_ok, misaligned = 0, 0, 0, 0, 0, 0, 0

function init(args)
   acks = assert(io.open(acks_dir .. "/acks-" .. tid .. ".txt", "a"))
   acks:setvbuf("line")
   math.randomseed(tid * 7919 + os.time())
end

local function track() return 97 * math.random(0, tracks - 1) + 11 end

local function recent_user()
   -- A listener written to lately (it has events, so the online part has work), or any listener of the set.
   if seq > 0 and math.random() < 0.7 then return tid * 100000000 + math.random(math.max(1, seq - 50), seq) end
   return 2 * math.random(0, users - 1) + 1
end

function request()
   local r = math.random(1, 10)
   local kind, path, req
   if r <= 3 then
      seq = seq + 1
      local user, item = tid * 100000000 + seq, track()
      if r == 1 then
         kind, req = "put", wrk.format("POST", "/put?user_id=" .. user .. "&item_id=" .. item)
      else
         kind, req = "put", wrk.format("POST", "/v1/users/" .. user .. "/events", { ["Content-Type"] = "application/json" },
            '{"item_id":' .. item .. '}')
      end
      last = { kind, user, item }
      return req
   elseif r <= 5 then
      kind, path = "recs", "/recommendations?user_id=" .. recent_user() .. "&k=10"
      req = wrk.format("POST", path)
   elseif r <= 7 then
      kind, path = "recs", "/v1/users/" .. recent_user() .. "/recommendations?k=10"
      req = wrk.format("GET", path)
   elseif r == 8 then
      kind, req = "get", wrk.format("POST", "/get?user_id=" .. recent_user())
   else
      kind, req = "get", wrk.format("GET", "/v1/users/" .. recent_user() .. "/events")
   end
   last = { kind }
   return req
end

function response(status, headers, body)
   local sent = last
   last = nil
   total = total + 1
   if status >= 500 and status ~= 503 then s5xx = s5xx + 1 end
   if status == 500 then s500 = s500 + 1 end
   if status == 503 then s503 = s503 + 1 end
   if status >= 200 and status < 300 then s2xx = s2xx + 1 elseif status ~= 503 then other = other + 1 end
   if sent == nil then return end
   -- A check of the pairing: a write's answer says {"result":"ok"} (/put) or echoes the item (REST); must stay 0.
   if sent[1] == "put" and status >= 200 and status < 300
      and not (body:find('"result":"ok"', 1, true) or body:find('"item_id":' .. sent[3], 1, true)) then
      misaligned = misaligned + 1
      return
   end
   if sent[1] == "put" then
      writes = writes + 1
      if status >= 200 and status < 300 then
         writes_ok = writes_ok + 1
         acks:write(sent[2], " ", sent[3], "\n")
      elseif status == 503 then
         writes_503 = writes_503 + 1
      end
   elseif sent[1] == "recs" then
      if status ~= 200 then recs_not_ok = recs_not_ok + 1 end
      if status == 200 and body and body:find('"degraded":true', 1, true) then reads_degraded = reads_degraded + 1 end
   elseif status == 200 then
      reads_ok = reads_ok + 1
   end
end

function done(summary, latency, requests)
   local names = { "total", "s2xx", "s503", "s5xx", "s500", "other", "writes", "writes_ok", "writes_503", "reads_ok",
                   "reads_degraded", "recs_not_ok", "misaligned" }
   local sums = {}
   for _, name in ipairs(names) do sums[name] = 0 end
   for _, thread in ipairs(threads) do
      for _, name in ipairs(names) do sums[name] = sums[name] + (thread:get(name) or 0) end
   end
   io.write("CHAOS")
   for _, name in ipairs(names) do io.write(" ", name, "=", sums[name]) end
   io.write(" socket_errors=", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, "\n")
end
