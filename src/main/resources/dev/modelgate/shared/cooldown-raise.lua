-- Raises a flag for ARGV[1] milliseconds; a flag already up for longer keeps its later end.
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
end
return 1
