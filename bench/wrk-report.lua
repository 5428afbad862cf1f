-- wrk script for bench/load.sh: counts the responses that carry Set-Cookie and the non-2xx ones, and
-- those whose status is not the expected one (BENCH_EXPECT, e.g. 401 for /api/example without a session),
-- across all threads, then prints one line "BENCH_RESULT {json}" that the report reads.
-- The Cookie header is passed with -H on the command line.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  set_cookie = 0
  non_2xx = 0
  unexpected = 0
  expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
  if status ~= expected then
    unexpected = unexpected + 1
  end
  for name, _ in pairs(headers) do
    if string.lower(name) == "set-cookie" then
      set_cookie = set_cookie + 1
      break
    end
  end
end

function done(summary, latency, requests)
  local total_set_cookie, total_non_2xx, total_unexpected = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_set_cookie = total_set_cookie + thread:get("set_cookie")
    total_non_2xx = total_non_2xx + thread:get("non_2xx")
    total_unexpected = total_unexpected + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"rps":%.2f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"set_cookie":%d,"non_2xx":%d,"unexpected":%d,"expected":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout,
    total_set_cookie, total_non_2xx, total_unexpected, tonumber(os.getenv("BENCH_EXPECT") or "200")))
end
