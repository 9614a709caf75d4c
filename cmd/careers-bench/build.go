package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"runtime/pprof"

	"github.com/careersearch/careers/internal/bench"
)

// runBuild is the build child: it builds one index and prints a
// bench.BuildResult as JSON.
func runBuild(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	corpusName := fs.String("corpus", bench.CorpusONet, "corpus: hand, onet or gen")
	engine := fs.String("engine", bench.EngineOurs, "engine: careers or sqlite-fts5")
	dir := fs.String("dir", "", "index directory (replaced)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole child to this file")
	src := sourceFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	r, err := bench.BuildChild(ctx, *corpusName, *engine, *dir, *src)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(r)
}

// sourceFlags adds the input flags shared by every command.
func sourceFlags(fs *flag.FlagSet) *bench.Sources {
	s := bench.DefaultSources(".")
	fs.StringVar(&s.Hand, "hand", s.Hand, "hand-written corpus directory")
	fs.StringVar(&s.ONet, "onet", s.ONet, "O*NET text database directory")
	fs.StringVar(&s.Judgements, "judgements", s.Judgements, "judged queries directory")
	fs.IntVar(&s.GenSize, "gen-size", s.GenSize, "careers in the generated corpus")
	return &s
}
