package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/wordnet"
)

func (a *app) indexCmd() *cobra.Command {
	var ifStale bool
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Rebuild the search index from the corpus",
		Long: `index reads and validates the whole corpus, builds a new index beside the
current one, checks it, and switches to it atomically. If the corpus has any
problem nothing is built and every problem is listed. A running server picks
the new index up by itself.

Hand-written career files are checked by the rules of corpus.rules
(editorial by default); files an importer wrote (they carry a source block)
by the imported rules.

The word tables (words that name jobs with related words, "mixologist":
"bartender"; forms of words, "inspect": "inspection") are derived from
WordNet 3.0 and built into the binary. index.wordnet set to a WordNet 3.0
dict directory takes them from there instead; "none" builds without.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			start := time.Now()
			if ifStale {
				fresh, err := indexFresh(cfg.Index.Path, cfg.Corpus.Dirs)
				if err != nil {
					return err
				}
				if fresh {
					fmt.Fprintf(a.stdout, "index %s is up to date with %v; nothing to do\n", cfg.Index.Path, cfg.Corpus.Dirs)
					return nil
				}
			}
			pause := a.testPause()
			rules, _ := corpus.RulesByName(cfg.Corpus.Rules)
			reading := newProgress(a.stderr, "reading")
			loaded, err := corpus.Load(cfg.Corpus.Dirs, rules, func(done, total int) {
				pause("reading")
				reading.update(done, total)
			})
			if err != nil {
				return err
			}
			readTook := time.Since(start)
			if n := len(loaded.Problems); n > 0 {
				for _, p := range loaded.Problems {
					fmt.Fprintln(a.stderr, p.String())
				}
				fmt.Fprintf(a.stderr, "%d problems in the corpus; the index was not rebuilt\n", n)
				return errReported
			}
			tablesStart := time.Now()
			tables, from, err := wordTables(cfg.Index.WordNet)
			if err != nil {
				return err
			}
			tablesTook := time.Since(tablesStart)
			buildStart := time.Now()
			// written is when the last career's segment was written. The
			// segments' merges run after it, the last one beside the
			// tables' computation, so the two are timed as one phase.
			var written time.Time
			indexing := newProgress(a.stderr, "indexing")
			report, err := bleveindex.Build(a.ctx, cfg.Index.Path, loaded.Careers(), bleveindex.BuildOptions{
				Scoring:   cfg.Index.Scoring,
				BatchSize: cfg.Index.BatchSize,
				Progress: func(done, total int) {
					pause("indexing")
					indexing.update(done, total)
					if done == total {
						written = time.Now()
					}
				},
				BeforeSwap: func(string) error { return pause("swap") },
				Related:    tables.Related,
				Forms:      tables.Forms,
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "indexed %d careers in %d categories into %s/%s in %s\n",
				report.Careers, report.Categories, report.Path, report.Generation, time.Since(start).Round(time.Millisecond))
			if tables.Related != nil {
				fmt.Fprintf(a.stdout, "word tables (%s): %d job words the corpus lacks, with related words it has; %d words with other forms it has\n",
					from, report.RelatedWords, report.WordForms)
			}
			if written.IsZero() {
				written = buildStart
			}
			r := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
			fmt.Fprintf(a.stdout, "took: reading and checking %s, word tables %s, writing careers %s, merging, tables, checks and switch %s\n",
				r(readTook), r(tablesTook), r(written.Sub(buildStart)), r(time.Since(written)))
			return nil
		},
	}
	cmd.Flags().String("index", "", "index directory (config index.path)")
	cmd.Flags().StringSlice("corpus", nil, "corpus directory, repeatable (config corpus.dirs)")
	cmd.Flags().BoolVar(&ifStale, "if-stale", false, "rebuild only if the index is missing or older than the corpus")
	a.bind(cmd, "index.path", "index")
	a.bind(cmd, "corpus.dirs", "corpus")
	return cmd
}

// wordTables returns the word tables a rebuild uses (the words that name
// jobs with the words related to them, and the forms of words) and says
// where they came from: setting "" takes those built into the binary, a
// directory derives them from the WordNet 3.0 database there, "none" gives
// none.
func wordTables(setting string) (wordnet.Tables, string, error) {
	switch setting {
	case "":
		t, err := wordnet.Embedded()
		return t, "built in, from WordNet 3.0", err
	case "none":
		return wordnet.Tables{}, "none", nil
	}
	t, err := wordnet.FromDir(setting)
	if err != nil {
		return wordnet.Tables{}, "", fmt.Errorf("index.wordnet: %w (a WordNet 3.0 dict directory; leave index.wordnet unset for the tables built into the binary, or \"none\" to build without)", err)
	}
	return t, "WordNet 3.0 in " + setting, nil
}

// indexFresh reports whether an index exists and was built after the
// newest change to the corpus.
func indexFresh(root string, dirs []string) (bool, error) {
	built, err := bleveindex.BuiltAt(root)
	if err != nil {
		return false, nil // missing or unreadable: rebuild
	}
	newest, err := corpus.Newest(dirs)
	if err != nil {
		return false, err
	}
	return built.After(newest), nil
}

// testPauseVar names the test-only hook of `careers index`: with
// CAREERS_TEST_PAUSE=STAGE it stops once at STAGE ("reading": after the
// first corpus file is read; "indexing": after the first batch is written;
// "swap": with the new generation complete and verified, just before it is
// linked), prints "test pause at STAGE" on stderr and waits until it is
// killed or cancelled (at most a minute). Crash tests use it to kill a
// rebuild at a known point. It is not a user feature: do not set it.
const testPauseVar = "CAREERS_TEST_PAUSE"

// testPause returns the CAREERS_TEST_PAUSE hook of one run: a function
// that pauses at the named stage, once, and returns the context's error if
// the command is cancelled while paused.
func (a *app) testPause() func(stage string) error {
	want := a.getenv(testPauseVar)
	done := false
	return func(stage string) error {
		if stage != want || done {
			return nil
		}
		done = true
		fmt.Fprintf(a.stderr, "test pause at %s\n", stage)
		t := time.NewTimer(time.Minute)
		defer t.Stop()
		select {
		case <-a.ctx.Done():
			return a.ctx.Err()
		case <-t.C:
			return nil
		}
	}
}
