-- The milliseconds left on each flag (negative when it is down).
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('PTTL', key)
end
return out
