-- Admits a call against every limit it falls under, or against none (all or nothing, atomically).
-- KEYS: one key per limit. ARGV[1]: the call's lease id; ARGV[2]: the lease in ms; then three values
-- per key: the kind ('r': a per-minute rate, a bucket refilled continuously; 'c': concurrent calls,
-- a sorted set of leases scored by expiry), the limit, and the call's cost.
-- Returns {admitted (1 or 0), index of the first refusing key (0 if none), wait in ms (-1: the
-- cost exceeds the limit), then per key: remaining after the call, ms until full again}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = ARGV[1]
local leaseMs = tonumber(ARGV[2])
local levels = {}
local refused = 0
local wait = 0
for i = 1, #KEYS do
  local kind = ARGV[3 * i]
  local limit = tonumber(ARGV[3 * i + 1])
  local cost = tonumber(ARGV[3 * i + 2])
  if kind == 'r' then
    local state = redis.call('HMGET', KEYS[i], 'level', 'at')
    local level = tonumber(state[1]) or limit
    local at = tonumber(state[2]) or now
    if now > at then
      level = math.min(limit, level + (now - at) * limit / 60000)
    end
    levels[i] = level
    if refused == 0 and level < cost then
      refused = i
      if cost > limit then
        wait = -1
      else
        wait = math.ceil((cost - level) * 60000 / limit)
      end
    end
  else
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
    local used = redis.call('ZCARD', KEYS[i])
    levels[i] = limit - used
    if refused == 0 and used + cost > limit then
      refused = i
      wait = 1000
    end
  end
end
local out = {refused == 0 and 1 or 0, refused, wait}
for i = 1, #KEYS do
  local kind = ARGV[3 * i]
  local limit = tonumber(ARGV[3 * i + 1])
  local cost = tonumber(ARGV[3 * i + 2])
  local level = levels[i]
  if refused == 0 then
    level = level - cost
    if kind == 'r' then
      local full = math.ceil((limit - level) * 60000 / limit)
      redis.call('HSET', KEYS[i], 'level', level, 'at', now)
      redis.call('PEXPIRE', KEYS[i], full + 1000)
    else
      redis.call('ZADD', KEYS[i], now + leaseMs, lease)
      redis.call('PEXPIRE', KEYS[i], leaseMs + 1000)
    end
  end
  out[#out + 1] = math.floor(level)
  if kind == 'r' then
    out[#out + 1] = math.ceil((limit - level) * 60000 / limit)
  else
    out[#out + 1] = 0
  end
end
return out
