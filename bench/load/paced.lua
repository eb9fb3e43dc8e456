-- Like post.lua, but each connection waits 5 ms between requests: 16 connections then send about
-- 3,000 requests per second, well below saturation, so latency is the hop's own cost, not queueing.
dofile(os.getenv("BENCH_DIR") .. "/post.lua")
function delay()
  return 5
end
