-- wrk script: replay a file of request paths in order.
--   wrk -tT ... -s bench/search.lua URL -- FILE [PREFIX [HEADER [T]]]
-- The T threads take the file's lines in turn (thread 0 the 1st, T+1st,
-- ..., thread 1 the 2nd, ...), so together they walk it from its first
-- line in order, as sch-dbload does: a run of either covers the same
-- requests.  Give T = wrk's -t (1 by default).
-- Lines are query strings when PREFIX is given ("/api/v1/search?"),
-- else whole paths.  HEADER ("Name: value") is sent with every request,
-- e.g. "Cache-Control: no-cache" to measure searches computed afresh.

local threads = {}
local counter = 0

function setup(thread)
	thread:set("tid", counter)
	counter = counter + 1
	table.insert(threads, thread)
end

function init(args)
	paths = {}
	local prefix = args[2] or ""
	local f = assert(io.open(args[1], "r"))
	for line in f:lines() do
		if #line > 0 then
			paths[#paths + 1] = prefix .. line
		end
	end
	f:close()
	stride = math.max(math.floor(tonumber(args[4] or "") or 1), 1)
	idx = tid % #paths	-- 0-based: the line this thread sends next
	headers = {}
	local name, value = string.match(args[3] or "", "^([^:]+):%s*(.*)$")
	if name then
		headers[name] = value
	end
end

function request()
	local path = paths[idx + 1]
	idx = (idx + stride) % #paths
	return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
	io.write(string.format("bench-latency p50 %.2f p95 %.2f p99 %.2f\n",
	    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
	    latency:percentile(99) / 1000))
end
