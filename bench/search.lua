-- wrk script: replay a file of request paths in order.
--   wrk ... -s bench/search.lua URL -- FILE [PREFIX [HEADER]]
-- Each wrk thread walks the file from its own starting point, so the
-- mix of paths matches the file (the same sequence sch-dbload replays).
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
	idx = (tid * 7919) % #paths
	headers = {}
	local name, value = string.match(args[3] or "", "^([^:]+):%s*(.*)$")
	if name then
		headers[name] = value
	end
end

function request()
	idx = idx % #paths + 1
	return wrk.format("GET", paths[idx], headers)
end

function done(summary, latency, requests)
	io.write(string.format("bench-latency p50 %.2f p95 %.2f p99 %.2f\n",
	    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
	    latency:percentile(99) / 1000))
end
