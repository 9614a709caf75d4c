package bench

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"Empty", nil, 50, 0},
		{"One", ms(7), 99, 7 * time.Millisecond},
		{"MedianOdd", ms(1, 2, 3), 50, 2 * time.Millisecond},
		{"MedianEvenIsLowerMiddle", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"P95Of100", ms(hundred...), 95, 95 * time.Millisecond},
		{"P99Of100", ms(hundred...), 99, 99 * time.Millisecond},
		{"P100IsMax", ms(hundred...), 100, 100 * time.Millisecond},
		{"P99OfTenIsMax", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"TinyPIsMin", ms(3, 4), 0.1, 3 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarise(t *testing.T) {
	s := Sample{Wall: 2 * time.Second, Errors: 1}
	for i := 100; i >= 1; i-- { // unsorted on purpose
		s.Latencies = append(s.Latencies, time.Duration(i)*time.Millisecond)
	}
	st := Summarise(s)
	if st.N != 100 || st.Errors != 1 || st.P50 != 50*time.Millisecond || st.P99 != 99*time.Millisecond ||
		st.Max != 100*time.Millisecond || st.PerSec != 50 {
		t.Errorf("Summarise = %+v", st)
	}
	if s.Latencies[0] != 100*time.Millisecond {
		t.Error("Summarise sorted its input")
	}
}

func TestMedianStats(t *testing.T) {
	runs := []Stats{
		{N: 10, P50: 3 * time.Millisecond, P99: 30 * time.Millisecond, PerSec: 100},
		{N: 10, Errors: 2, P50: 1 * time.Millisecond, P99: 90 * time.Millisecond, PerSec: 300},
		{N: 10, P50: 2 * time.Millisecond, P99: 10 * time.Millisecond, PerSec: 200},
	}
	m := MedianStats(runs)
	if m.P50 != 2*time.Millisecond || m.P99 != 30*time.Millisecond || m.PerSec != 200 || m.N != 30 || m.Errors != 2 {
		t.Errorf("MedianStats = %+v", m)
	}
	if got := Median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("Median even = %v, want 2.5", got)
	}
	if got := Spread([]float64{90, 100, 110}); got != 0.2 {
		t.Errorf("Spread = %v, want 0.2", got)
	}
}
