-- wrk script for scripts/load.sh: a mix of what browsers, curl and API
-- clients send to the demo server's `/`, one request shape after another.
-- ETAG (environment) is the current ETag of the variant Chrome gets, so the
-- revalidation requests are answered 304.

local etag = os.getenv("ETAG") or '"none"'
local chrome_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
local chrome_encoding = "gzip, deflate, br, zstd"
local chrome_language = "en-US,en;q=0.9,ko;q=0.8"

local shapes = {
  -- a navigation (200, gzip)
  { ["Accept"] = chrome_accept, ["Accept-Encoding"] = chrome_encoding, ["Accept-Language"] = chrome_language },
  -- the same browser revalidating (304)
  { ["Accept"] = chrome_accept, ["Accept-Encoding"] = chrome_encoding, ["Accept-Language"] = chrome_language,
    ["If-None-Match"] = etag },
  -- curl (200, identity)
  { ["Accept"] = "*/*" },
  -- an API client in Korean (200, JSON, gzip)
  { ["Accept"] = "application/json", ["Accept-Language"] = "ko-KR,ko;q=0.9", ["Accept-Encoding"] = "gzip" },
  -- a resumed download (206)
  { ["Accept"] = "*/*", ["Range"] = "bytes=100-" },
  -- two ranges (206 multipart/byteranges)
  { ["Accept"] = "*/*", ["Range"] = "bytes=0-99,200-299" },
  -- a stale cache entry (200)
  { ["Accept"] = chrome_accept, ["Accept-Encoding"] = chrome_encoding, ["If-None-Match"] = '"stale", W/"older"' },
  -- nothing acceptable (406: counted among wrk's non-2xx/3xx on purpose)
  { ["Accept"] = "image/png" },
}

local requests = {}
for i, headers in ipairs(shapes) do
  requests[i] = wrk.format("GET", "/", headers)
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local n = 0
counts = {}
function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local statuses = {}
  for status in pairs(total) do table.insert(statuses, status) end
  table.sort(statuses)
  io.write("statuses:")
  for _, status in ipairs(statuses) do io.write(string.format(" %d=%d", status, total[status])) end
  io.write("\n")
  local unexpected = 0
  for status, count in pairs(total) do
    if status ~= 200 and status ~= 206 and status ~= 304 and status ~= 406 then
      unexpected = unexpected + count
    end
  end
  io.write(string.format("unexpected statuses (not 200/206/304/406): %d; the 406s are the image/png shape, 1 in 8\n", unexpected))
  local e = summary.errors
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("latency: p50 %.0f us, p99 %.0f us, max %.0f us\n",
    latency:percentile(50), latency:percentile(99), latency.max))
end
