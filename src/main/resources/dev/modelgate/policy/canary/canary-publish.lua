-- Replaces a rollout's shared state if it is still the version the caller last saw, so of two
-- instances deciding at once exactly one wins (the other takes the winner's state).
-- KEYS[1] the state (hash). ARGV[1] the version last seen (-1: none), ARGV[2] expiry in
-- milliseconds, ARGV[3..] the new state's fields and values.
local current = redis.call('HGET', KEYS[1], 'version')
local seen = -1
if current then
  seen = tonumber(current)
end
if seen ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
