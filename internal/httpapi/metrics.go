package httpapi

import (
	"context"
	"net/http"
	"strconv"
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
			Help:    "Time to answer an HTTP request, by route pattern, method and status.",
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

func (m *metrics) observe(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Observe(took.Seconds())
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
