-- wrk script for the seed-compatible API: POST with query parameters and no body (docs/seed.md §6), random ids of
-- the artifact set that `Encore.Benchmarks service-artifacts` writes (users 2u+1, tracks 97i+11).
--
-- Environment:
--   ENDPOINT     offline | default | online | blended | similar | put | get
--   USERS        users with offline recommendations (default 661812)
--   TRACKS       tracks in the catalogue (default 1000000)
--   SOURCES      tracks with similar tracks (default 959261)
--   EVENT_USERS  online, blended, put and get use the first EVENT_USERS users, so that put fills the histories
--                that online and blended read (default 10000)
--   K            the k parameter; empty uses each endpoint's default, as the seed's clients get
--   DELAY_MS     a pause before each request on a connection (whole ms), to hold the load below the peak
--   USER_IDS     a file of user ids, one per line (Encore.Benchmarks service-ids): ask for these instead of 2u+1;
--                USERS then defaults to the file's length
--   TRACK_IDS    the same for tracks (similar and put): ask for these instead of 97i+11

local function read_ids(name)
   local path = os.getenv(name) or ""
   if path == "" then return nil end
   local ids = {}
   for line in io.lines(path) do ids[#ids + 1] = line end
   if #ids == 0 then error(name .. ": " .. path .. " has no ids") end
   return ids
end

local user_ids = read_ids("USER_IDS")
local track_ids = read_ids("TRACK_IDS")
local endpoint = os.getenv("ENDPOINT") or "offline"
local users = tonumber(os.getenv("USERS") or (user_ids and #user_ids) or "661812")
local tracks = tonumber(os.getenv("TRACKS") or (track_ids and #track_ids) or "1000000")
local sources = tonumber(os.getenv("SOURCES") or (track_ids and #track_ids) or "959261")
local event_users = tonumber(os.getenv("EVENT_USERS") or "10000")
local k = os.getenv("K") or ""
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

local k_param = (k ~= "") and ("&k=" .. k) or ""
local k_only = (k ~= "") and ("?k=" .. k) or ""

local function user(limit)
   if user_ids then return user_ids[math.random(1, math.min(limit, #user_ids))] end
   return 2 * math.random(0, limit - 1) + 1
end

local function track(limit)
   if track_ids then return track_ids[math.random(1, math.min(limit, #track_ids))] end
   return 97 * math.random(0, limit - 1) + 11
end

local paths = {
   offline = function() return "/recommendations_offline?user_id=" .. user(users) .. k_param end,
   default = function() return "/recommendations_default" .. k_only end,
   online = function() return "/recommendations_online?user_id=" .. user(event_users) .. k_param end,
   blended = function() return "/recommendations?user_id=" .. user(event_users) .. k_param end,
   similar = function() return "/similar_items?item_id=" .. track(sources) .. k_param end,
   put = function() return "/put?user_id=" .. user(event_users) .. "&item_id=" .. track(tracks) end,
   get = function() return "/get?user_id=" .. user(event_users) .. k_param end,
}

local path = paths[endpoint]
if path == nil then
   error("ENDPOINT must be offline, default, online, blended, similar, put or get; got " .. endpoint)
end

local thread_count = 0
function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_id", thread_count)
end

function init(args)
   -- Each thread its own fixed sequence: runs are repeatable and threads do not all ask for the same ids.
   math.randomseed(1000 + (thread_id or 0))
end

request = function()
   return wrk.format("POST", path())
end

if delay_ms > 0 then
   delay = function() return delay_ms end
end
