package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/careersearch/careers/internal/bench"
)

// runSuite runs the whole suite and writes the Markdown table to -out (and
// stdout) and the raw figures as JSON beside it.
func runSuite(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	out := fs.String("out", "bench-results.md", "Markdown results file (raw figures go to the same name with .json)")
	quick := fs.Bool("quick", false, "smoke run with tiny budgets and a 5,000-career generated corpus")
	work := fs.String("work", "", "scratch directory for the indexes, kept afterwards (default: a temporary one, removed)")
	src := sourceFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir := *work
	if dir == "" {
		tmp, err := os.MkdirTemp("", "careers-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	cfg := bench.DefaultConfig(*src, dir, stderr)
	if *quick {
		cfg = bench.QuickConfig(*src, dir, stderr)
	}
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	var md bytes.Buffer
	res.Markdown(&md)
	if err := os.WriteFile(*out, md.Bytes(), 0o644); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(strings.TrimSuffix(*out, ".md")+".json", raw, 0o644); err != nil {
		return err
	}
	stdout.Write(md.Bytes())
	fmt.Fprintf(stderr, "wrote %s\n", *out)
	return nil
}
