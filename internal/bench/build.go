package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/careersearch/careers/internal/bleveindex"
)

// BuildResult is what a build child reports.
type BuildResult struct {
	Corpus  string  `json:"corpus"`
	Engine  string  `json:"engine"`
	Careers int     `json:"careers"`
	LoadMS  float64 `json:"load_ms"`  // reading or generating the corpus
	BuildMS float64 `json:"build_ms"` // the build alone
	// CorpusRSS is the resident memory with the corpus loaded, before the
	// build; PeakRSS the peak during the build (corpus included).
	CorpusRSS int64 `json:"corpus_rss"`
	PeakRSS   int64 `json:"peak_rss"`
	Size      int64 `json:"size"` // bytes on disk
}

// BuildChild loads the named corpus and builds one engine's index in dir.
// It runs in a process of its own so that its peak RSS is the build's: the
// corpus is loaded, garbage is returned to the OS, the peak is reset, then
// the build runs.
func BuildChild(ctx context.Context, corpusName, engine, dir string, src Sources) (*BuildResult, error) {
	start := time.Now()
	careers, err := LoadCorpus(corpusName, src)
	if err != nil {
		return nil, err
	}
	r := &BuildResult{Corpus: corpusName, Engine: engine, Careers: len(careers),
		LoadMS: ms(time.Since(start))}
	runtime.GC()
	debug.FreeOSMemory()
	m, _ := ProcMem(0)
	r.CorpusRSS = m.RSS
	if err := ResetPeakRSS(); err != nil {
		return nil, fmt.Errorf("bench: resetting peak RSS: %w", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	start = time.Now()
	switch engine {
	case EngineOurs:
		// The zero options are the shipped ones (tfidf, batches of 500).
		if _, err := bleveindex.Build(ctx, dir, careers, bleveindex.BuildOptions{}); err != nil {
			return nil, err
		}
		r.BuildMS = ms(time.Since(start))
		r.Size, err = DiskSize(filepath.Join(dir, "current"))
	case EnginePlain:
		if err := BuildPlain(ctx, dir, careers); err != nil {
			return nil, err
		}
		r.BuildMS = ms(time.Since(start))
		r.Size, err = DiskSize(dir)
	case EngineSQLite:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := BuildSQLite(ctx, filepath.Join(dir, SQLiteFile), careers); err != nil {
			return nil, err
		}
		r.BuildMS = ms(time.Since(start))
		r.Size, err = DiskSize(filepath.Join(dir, SQLiteFile))
	default:
		return nil, fmt.Errorf("bench: no build for engine %q", engine)
	}
	if err != nil {
		return nil, err
	}
	m, _ = ProcMem(0)
	r.PeakRSS = m.HWM
	return r, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
