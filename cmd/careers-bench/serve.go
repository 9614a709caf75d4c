package main

import (
	"context"
	"flag"
	"io"

	"github.com/careersearch/careers/internal/bench"
)

// runServe is the server child: it serves one engine on 127.0.0.1 until its
// standard input closes.
func runServe(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	engine := fs.String("engine", bench.EngineOurs, "engine: careers, plain-bleve or sqlite-fts5")
	dir := fs.String("index", "", "index directory")
	reload := fs.Duration("reload", bench.ReloadInterval, "how often ours looks for a rebuilt index (0: never)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return bench.ServeChild(ctx, *engine, *dir, *reload, stdout)
}
