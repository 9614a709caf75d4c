package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
)

// progress prints "verb done/total" at most a few times a second: on one
// rewritten line on a terminal, as plain lines (every tenth) elsewhere.
type progress struct {
	w     io.Writer
	verb  string
	tty   bool
	last  time.Time
	tenth int
}

func newProgress(w io.Writer, verb string) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd())
	}
	return &progress{w: w, verb: verb, tty: tty}
}

func (p *progress) update(done, total int) {
	if total < 200 {
		return // too quick to be worth reporting
	}
	if p.tty {
		if done == total || time.Since(p.last) > 200*time.Millisecond {
			fmt.Fprintf(p.w, "\r%s %d/%d", p.verb, done, total)
			p.last = time.Now()
			if done == total {
				fmt.Fprintln(p.w)
			}
		}
		return
	}
	if t := done * 10 / total; t > p.tenth || done == total {
		p.tenth = t
		fmt.Fprintf(p.w, "%s %d/%d\n", p.verb, done, total)
	}
}
