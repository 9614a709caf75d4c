package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
)

// progress prints "verb done/total", with the rate and an estimate of the
// time left once there is one, at most a few times a second: on one
// rewritten line on a terminal, as plain lines (every tenth) elsewhere;
// the last line says how long the whole took.
type progress struct {
	w     io.Writer
	verb  string
	tty   bool
	last  time.Time
	tenth int
	start time.Time
	now   func() time.Time
}

func newProgress(w io.Writer, verb string) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd())
	}
	return &progress{w: w, verb: verb, tty: tty, now: time.Now, start: time.Now()}
}

// line words the state after done of total: "indexing 40000/100000
// (2350/s, about 26s left)", or at the end "indexing 100000/100000 in
// 42.6s (2347/s)".
func (p *progress) line(done, total int) string {
	elapsed := p.now().Sub(p.start)
	s := fmt.Sprintf("%s %d/%d", p.verb, done, total)
	if elapsed < 100*time.Millisecond || done == 0 {
		return s
	}
	rate := float64(done) / elapsed.Seconds()
	if done == total {
		return fmt.Sprintf("%s in %s (%.0f/s)", s, elapsed.Round(100*time.Millisecond), rate)
	}
	left := time.Duration(float64(total-done) / rate * float64(time.Second))
	return fmt.Sprintf("%s (%.0f/s, about %s left)", s, rate, left.Round(time.Second))
}

func (p *progress) update(done, total int) {
	if total < 200 {
		return // too quick to be worth reporting
	}
	if p.tty {
		if done == total || time.Since(p.last) > 200*time.Millisecond {
			fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(done, total))
			p.last = time.Now()
			if done == total {
				fmt.Fprintln(p.w)
			}
		}
		return
	}
	if t := done * 10 / total; t > p.tenth || done == total {
		p.tenth = t
		fmt.Fprintln(p.w, p.line(done, total))
	}
}
