package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Progress off a terminal prints every tenth with the rate and the time
// left, and ends with how long the whole took.
func TestProgressRateAndTimeLeft(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, "indexing")
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.start = clock
	p.now = func() time.Time { return clock }
	for done := 100; done <= 1000; done += 100 {
		clock = clock.Add(time.Second) // 100 careers a second
		p.update(done, 1000)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 10 {
		t.Fatalf("%d lines, want one per tenth:\n%s", len(lines), out.String())
	}
	if lines[3] != "indexing 400/1000 (100/s, about 6s left)" {
		t.Errorf("fourth line %q", lines[3])
	}
	if lines[9] != "indexing 1000/1000 in 10s (100/s)" {
		t.Errorf("last line %q", lines[9])
	}
	// A small corpus is too quick to report.
	out.Reset()
	newProgress(&out, "reading").update(54, 54)
	if out.Len() != 0 {
		t.Errorf("54 careers reported: %q", out.String())
	}
}
