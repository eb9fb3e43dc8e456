-- Both sides' figures of a rollout's stage: KEYS are the stable side's counts, latencies and
-- times to first token, then the candidate's. Returns per side: requests, errors, the latencies,
-- the times to first token.
local out = {}
for side = 0, 1 do
  local base = side * 3
  local counts = redis.call('HMGET', KEYS[base + 1], 'requests', 'errors')
  out[#out + 1] = tonumber(counts[1] or '0')
  out[#out + 1] = tonumber(counts[2] or '0')
  out[#out + 1] = redis.call('LRANGE', KEYS[base + 2], 0, -1)
  out[#out + 1] = redis.call('LRANGE', KEYS[base + 3], 0, -1)
end
return out
