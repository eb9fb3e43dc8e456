-- The rate-limit buckets of one call, atomically, on Redis's clock. A rate bucket ('r') is a hash
-- {level, at} holding up to its limit and refilled continuously at the limit per minute; a
-- concurrency bucket ('c') is a sorted set of the calls' leases scored by when they expire.
-- KEYS: one key per bucket, then the call's open mark. ARGV[1]: 'admit', 'settle' or 'renew';
-- ARGV[2]: the call's lease id; ARGV[3]: the lease in ms; then three values per bucket: the kind
-- ('r' or 'c'), the limit, and the amount (admit: the call's cost; settle: for a rate, the tokens
-- to give back, negative to take).
-- admit takes every cost or none and returns {admitted (1 or 0), index of the first refusing key (0
-- if none), wait in ms (-1: the cost exceeds the limit), then per key: remaining after the call, ms
-- until full again}; an admitted call's open mark is set. settle gives back or takes tokens and
-- releases the lease once: it deletes the open mark and does nothing when there was none (settled
-- already, by a retry of a command that timed out but ran), returning the buckets settled (0 then).
-- renew extends the lease in each concurrency key that still holds it; returns how many did.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mode = ARGV[1]
local lease = ARGV[2]
local leaseMs = tonumber(ARGV[3])
local buckets = #KEYS - 1
local open = KEYS[#KEYS]
-- An open mark outlives any call the gateway settles; a call that ends later than this (or never:
-- its gateway died) is left unsettled, its tokens refilling and its slot expiring with its lease.
local OPEN_MS = 86400000

local function arg(i, k)
  return ARGV[3 + 3 * (i - 1) + k]
end

-- A rate bucket's level now: what was stored, refilled for the time since.
local function level(key, limit)
  local state = redis.call('HMGET', key, 'level', 'at')
  local l = tonumber(state[1]) or limit
  local at = tonumber(state[2]) or now
  if now > at then
    l = math.min(limit, l + (now - at) * limit / 60000)
  end
  return l
end

local function untilFull(limit, l)
  return math.ceil((limit - l) * 60000 / limit)
end

local function store(key, limit, l)
  redis.call('HSET', key, 'level', l, 'at', now)
  redis.call('PEXPIRE', key, untilFull(limit, l) + 1000)
end

if mode == 'renew' then
  local renewed = 0
  for i = 1, buckets do
    if arg(i, 1) == 'c' and redis.call('ZSCORE', KEYS[i], lease) then
      redis.call('ZADD', KEYS[i], 'XX', now + leaseMs, lease)
      redis.call('PEXPIRE', KEYS[i], leaseMs + 1000)
      renewed = renewed + 1
    end
  end
  return renewed
end

if mode == 'settle' then
  if redis.call('DEL', open) == 0 then
    return 0
  end
  for i = 1, buckets do
    local limit = tonumber(arg(i, 2))
    if arg(i, 1) == 'r' then
      store(KEYS[i], limit, math.min(limit, level(KEYS[i], limit) + tonumber(arg(i, 3))))
    else
      redis.call('ZREM', KEYS[i], lease)
    end
  end
  return buckets
end

local levels = {}
local refused = 0
local wait = 0
for i = 1, buckets do
  local limit = tonumber(arg(i, 2))
  local cost = tonumber(arg(i, 3))
  if arg(i, 1) == 'r' then
    levels[i] = level(KEYS[i], limit)
  else
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
    levels[i] = limit - redis.call('ZCARD', KEYS[i])
  end
  if refused == 0 and levels[i] < cost then
    refused = i
    if arg(i, 1) == 'c' then
      wait = 1000
    elseif cost > limit then
      wait = -1
    else
      wait = math.ceil((cost - levels[i]) * 60000 / limit)
    end
  end
end
local out = {refused == 0 and 1 or 0, refused, wait}
if refused == 0 then
  redis.call('SET', open, 1, 'PX', OPEN_MS)
end
for i = 1, buckets do
  local limit = tonumber(arg(i, 2))
  local l = levels[i]
  if refused == 0 then
    l = l - tonumber(arg(i, 3))
    if arg(i, 1) == 'r' then
      store(KEYS[i], limit, l)
    else
      redis.call('ZADD', KEYS[i], now + leaseMs, lease)
      redis.call('PEXPIRE', KEYS[i], leaseMs + 1000)
    end
  end
  out[#out + 1] = math.floor(l)
  out[#out + 1] = arg(i, 1) == 'r' and untilFull(limit, l) or 0
end
return out
