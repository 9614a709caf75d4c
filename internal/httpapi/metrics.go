package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/careersearch/careers/internal/career"
)

// metrics are the server's Prometheus metrics, served at /metrics. The
// names are part of the operating interface (docs/OPERATING.md lists them).
type metrics struct {
	handler  http.Handler
	requests *prometheus.HistogramVec
	searches prometheus.Counter
	zero     prometheus.Counter
	rejected *prometheus.CounterVec
	inFlight prometheus.Gauge
	// routes holds the registered route patterns, the route label's values.
	routesOnce sync.Once
	routes     map[string]bool
}

// latencyBuckets span a cached look-up (well under a millisecond) to a
// search cut off by the request timeout.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// newMetrics registers the server's metrics on reg. The index gauges ask s
// when scraped, so they always describe the generation being served.
func newMetrics(reg *prometheus.Registry, s career.Searcher) *metrics {
	m := &metrics{
		handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "careers_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern (or unmatched), method (GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS or other) and status class (2xx..5xx).",
			Buckets: latencyBuckets,
		}, []string{"route", "method", "status"}),
		searches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "careers_searches_total",
			Help: "Searches answered through the API (the web page's live search included).",
		}),
		zero: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "careers_search_zero_results_total",
			Help: "Searches answered through the API that matched no career.",
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careers_http_rejected_total",
			Help: "Requests refused by a limit: rate_limited (429), busy (503: too many searches in flight), timeout (503).",
		}, []string{"reason"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "careers_searches_in_flight",
			Help: "Searches holding one of server.max_in_flight's slots.",
		}),
	}
	info := func() (career.IndexInfo, bool) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		in, err := s.Info(ctx)
		return in, err == nil
	}
	reg.MustRegister(m.requests, m.searches, m.zero, m.rejected, m.inFlight,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "careers_index_documents",
			Help: "Careers in the index generation being served (0 without an index).",
		}, func() float64 {
			in, _ := info()
			return float64(in.Careers)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "careers_index_built_timestamp_seconds",
			Help: "When the index generation being served was built, in Unix seconds (0 without an index).",
		}, func() float64 {
			in, ok := info()
			if !ok {
				return 0
			}
			return float64(in.BuiltAt.UnixNano()) / 1e9
		}),
	)
	for _, reason := range []string{"rate_limited", "busy", "timeout"} {
		m.rejected.WithLabelValues(reason) // exported at 0 from the start
	}
	return m
}

// knownMethods are the method label's values besides "other": a client
// may send any token as a method, and each new label value would be a new
// series kept for good.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodDelete: true, http.MethodPatch: true, http.MethodOptions: true,
}

// observe records one request. Every label comes from a fixed set: the
// method from knownMethods or "other", the route from the routes e
// registered or "unmatched", the status as its class ("2xx".."5xx").
func (m *metrics) observe(e *echo.Echo, route, method string, status int, took time.Duration) {
	if !knownMethods[method] {
		method = "other"
	}
	if !m.isRoute(e, route) {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, statusClass(status)).Observe(took.Seconds())
}

// isRoute reports whether route is a pattern e registered. The set is
// read from e once, at the first request, when every adapter has added its
// routes.
func (m *metrics) isRoute(e *echo.Echo, route string) bool {
	m.routesOnce.Do(func() {
		m.routes = map[string]bool{}
		for _, r := range e.Routes() {
			m.routes[r.Path] = true
		}
	})
	return m.routes[route]
}

// statusClass is "2xx" for 200 to 299 and so on; "other" outside 100-599.
func statusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}

// countSearches wraps s so that its searches are counted.
func (m *metrics) countSearches(s career.Searcher) career.Searcher {
	return countingSearcher{Searcher: s, m: m}
}

type countingSearcher struct {
	career.Searcher
	m *metrics
}

func (s countingSearcher) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	res, err := s.Searcher.Search(ctx, q)
	if err == nil {
		s.m.searches.Inc()
		if res.Total == 0 {
			s.m.zero.Inc()
		}
	}
	return res, err
}

func (s *Server) handleMetrics(c echo.Context) error {
	s.metrics.handler.ServeHTTP(c.Response(), c.Request())
	return nil
}

// ReloadObserver registers the index reload counters on reg and returns
// the hook that counts them, for bleveindex.Live's OnReload.
func ReloadObserver(reg prometheus.Registerer) func(gen string, err error) {
	reloads := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "careers_index_reloads_total",
		Help: "Index generations the running server swapped in after it started.",
	})
	failures := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "careers_index_reload_failures_total",
		Help: "Index generations the running server failed to open; it kept serving the previous one.",
	})
	reg.MustRegister(reloads, failures)
	return func(_ string, err error) {
		if err != nil {
			failures.Inc()
			return
		}
		reloads.Inc()
	}
}
