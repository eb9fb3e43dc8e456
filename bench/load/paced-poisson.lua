-- Like paced.lua, but each connection waits a random time (exponential, mean 5 ms) between
-- requests, as independent clients do: fixed waits lock the 16 connections into bunches that
-- arrive together, so the last of a bunch waits behind the others.
dofile(os.getenv("BENCH_DIR") .. "/post.lua")
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
function delay()
  return math.floor(-5 * math.log(1 - math.random()) + 0.5)
end
