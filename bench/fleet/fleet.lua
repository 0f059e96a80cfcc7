-- wrk script for bench/fleet/run.sh: reads of both APIs (blended recommendations, similar tracks, a track), and
-- optionally writes, over listeners and tracks of the served set. It tallies statuses and, for every pair of the
-- replica that answered (X-Encore-Replica, set by HAProxy; "direct" without it) and the artifact version it served
-- (X-Encore-Artifacts), how many answers and the wall-clock time of the first and last one: from these run.sh reads
-- when each replica switched to a new set and how long two versions answered side by side.
--
-- Environment:
--   USERS_FILE  listener ids, one a line (run.sh takes them from /v1/users/random)
--   ITEMS_FILE  track ids, one a line
--   WRITES      share of requests that are writes (POST /v1/users/{id}/events), 0 to 1 (default 0)

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } fleet_timeval;
  int gettimeofday(fleet_timeval *tv, void *tz);
]]
local tv = ffi.new("fleet_timeval")
local function now()
   ffi.C.gettimeofday(tv, nil)
   return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

local function read_ids(path)
   local ids = {}
   for line in io.lines(path) do
      if line ~= "" then ids[#ids + 1] = line end
   end
   assert(#ids > 0, "no ids in " .. path)
   return ids
end

local users, items
local writes_share = tonumber(os.getenv("WRITES") or "0")

-- Per thread: the tallies done() adds up. Flat tables: wrk copies those between threads, not nested ones.
statuses = {}
seen_n, seen_first, seen_last = {}, {}, {}

function init(args)
   users = read_ids(os.getenv("USERS_FILE"))
   items = read_ids(os.getenv("ITEMS_FILE"))
   math.randomseed(os.time() + math.floor(now() * 1000) % 100000)
end

local function pick(list) return list[math.random(1, #list)] end

function request()
   if writes_share > 0 and math.random() < writes_share then
      return wrk.format("POST", "/v1/users/" .. pick(users) .. "/events", { ["Content-Type"] = "application/json" },
         '{"item_id":' .. pick(items) .. '}')
   end
   local r = math.random(1, 4)
   if r == 1 then
      return wrk.format("POST", "/recommendations?user_id=" .. pick(users) .. "&k=10")
   elseif r == 2 then
      return wrk.format("GET", "/v1/users/" .. pick(users) .. "/recommendations?k=10")
   elseif r == 3 then
      return wrk.format("POST", "/similar_items?item_id=" .. pick(items) .. "&k=10")
   end
   return wrk.format("GET", "/v1/items/" .. pick(items))
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   -- HAProxy 2.x writes header names in lower case; the service writes them as named.
   local replica = headers["x-encore-replica"] or headers["X-Encore-Replica"] or "direct"
   local pair = replica .. " " .. (headers["x-encore-artifacts"] or headers["X-Encore-Artifacts"] or "-")
   local t = now()
   local n = seen_n[pair]
   if n == nil then
      seen_n[pair], seen_first[pair] = 1, t
   else
      seen_n[pair] = n + 1
   end
   seen_last[pair] = t
end

function done(summary, latency, requests)
   local total_status = {}
   local total_seen = {}
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses")) do total_status[status] = (total_status[status] or 0) + n end
      local first, last = thread:get("seen_first"), thread:get("seen_last")
      for pair, n in pairs(thread:get("seen_n")) do
         local t = total_seen[pair]
         if t == nil then
            total_seen[pair] = { n, first[pair], last[pair] }
         else
            t[1] = t[1] + n
            if first[pair] < t[2] then t[2] = first[pair] end
            if last[pair] > t[3] then t[3] = last[pair] end
         end
      end
   end
   local errors = summary.errors
   io.write(string.format("FLEET requests=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d non2xx_wrk=%d p50_ms=%.2f p99_ms=%.2f rps=%.1f\n",
      summary.requests, errors.connect + errors.read + errors.write + errors.timeout, errors.connect, errors.read,
      errors.write, errors.timeout, errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.requests / (summary.duration / 1e6)))
   for status, n in pairs(total_status) do io.write(string.format("STATUS %s %d\n", status, n)) end
   for pair, e in pairs(total_seen) do io.write(string.format("SEEN %s %d %.3f %.3f\n", pair, e[1], e[2], e[3])) end
end
