-- wrk script for bench/chaos/reload.sh: the seed API's reads, round robin (offline, default, blended, similar), with
-- random user and track ids below USERS and TRACKS (unknown ids get the popular chart or [], still a 200).
local users = tonumber(os.getenv("USERS") or "2000")
local tracks = tonumber(os.getenv("TRACKS") or "2000")
local paths = { "/recommendations_offline?user_id=%d&k=10", "/recommendations_default?k=10",
                "/recommendations?user_id=%d&k=10", "/similar_items?item_id=%d&k=10" }
local n = 0

request = function()
   n = n + 1
   local template = paths[(n % #paths) + 1]
   local id = (template:find("item_id") and math.random(0, tracks - 1)) or math.random(0, users - 1)
   return wrk.format("POST", string.format(template, id), nil, "")
end
