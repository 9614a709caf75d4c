package bench

import (
	"math"
	"slices"
	"time"
)

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest value with at least p% of the values at
// or below it. It returns 0 for an empty slice.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Sample is the outcome of one timed run: the latency of every successful
// operation, the failures, and the wall time of the whole run.
type Sample struct {
	Latencies []time.Duration
	Errors    int
	Wall      time.Duration
}

// Stats summarises one run.
type Stats struct {
	N        int
	Errors   int
	P50      time.Duration
	P95      time.Duration
	P99      time.Duration
	Max      time.Duration
	PerSec   float64 // successful operations per second of wall time
	Duration time.Duration
}

// Summarise computes the percentiles and rate of s.
func Summarise(s Sample) Stats {
	lat := slices.Clone(s.Latencies)
	slices.Sort(lat)
	st := Stats{N: len(lat), Errors: s.Errors, Duration: s.Wall,
		P50: Percentile(lat, 50), P95: Percentile(lat, 95), P99: Percentile(lat, 99)}
	if len(lat) > 0 {
		st.Max = lat[len(lat)-1]
	}
	if s.Wall > 0 {
		st.PerSec = float64(len(lat)) / s.Wall.Seconds()
	}
	return st
}

// MedianStats combines repeated runs figure by figure: each percentile and
// the rate is the median of the runs' values; counts and errors are summed.
func MedianStats(runs []Stats) Stats {
	if len(runs) == 0 {
		return Stats{}
	}
	var out Stats
	pick := func(get func(Stats) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		return Median(v)
	}
	dur := func(get func(Stats) time.Duration) time.Duration {
		return time.Duration(pick(func(s Stats) float64 { return float64(get(s)) }))
	}
	out.P50 = dur(func(s Stats) time.Duration { return s.P50 })
	out.P95 = dur(func(s Stats) time.Duration { return s.P95 })
	out.P99 = dur(func(s Stats) time.Duration { return s.P99 })
	out.Max = dur(func(s Stats) time.Duration { return s.Max })
	out.PerSec = pick(func(s Stats) float64 { return s.PerSec })
	for _, r := range runs {
		out.N += r.N
		out.Errors += r.Errors
		out.Duration += r.Duration
	}
	return out
}

// Median returns the median of v (the mean of the middle two for an even
// count), or 0 for none. v is not modified.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// Spread returns (max-min)/median of v, the run-to-run noise of a figure.
func Spread(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	m := Median(v)
	if m == 0 {
		return 0
	}
	return (slices.Max(v) - slices.Min(v)) / m
}
