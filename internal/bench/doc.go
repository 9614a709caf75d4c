// Package bench measures the careers engine against its peers: in-process
// search latency and throughput, HTTP throughput through the real echo
// server, index builds (time, peak memory, size), server memory and the
// pick-up of a rebuilt index. The peers are SQLite FTS5 (compiled only with
// the sqlite_fts5 build tag) and a plain, untuned Bleve request on an index
// of the same documents with our analysis, its texts stored in Bleve
// (BuildPlain). Everything is measured through the engine's public API
// (bleveindex.Build, Open, Index.Search, Live, httpapi.New), so the suite
// stays valid while the ranking changes.
//
// cmd/careers-bench is its command; `make bench` runs it.
package bench
