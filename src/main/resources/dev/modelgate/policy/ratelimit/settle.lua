-- Settles a call that ended. KEYS: one key per limit. ARGV[1]: the call's lease id; then three values
-- per key: the kind ('r' or 'c', as in admit.lua), the limit, and for a rate the tokens to give back
-- (negative: to take, when the call used more than it reserved). A concurrency lease is released.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = ARGV[1]
for i = 1, #KEYS do
  local kind = ARGV[3 * i - 1]
  local limit = tonumber(ARGV[3 * i])
  local delta = tonumber(ARGV[3 * i + 1])
  if kind == 'r' then
    local state = redis.call('HMGET', KEYS[i], 'level', 'at')
    local level = tonumber(state[1]) or limit
    local at = tonumber(state[2]) or now
    if now > at then
      level = math.min(limit, level + (now - at) * limit / 60000)
    end
    level = math.min(limit, level + delta)
    local full = math.ceil((limit - level) * 60000 / limit)
    redis.call('HSET', KEYS[i], 'level', level, 'at', now)
    redis.call('PEXPIRE', KEYS[i], full + 1000)
  else
    redis.call('ZREM', KEYS[i], lease)
  end
end
return #KEYS
