package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	defaults "github.com/careersearch/careers/config"
	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/config"
	"github.com/careersearch/careers/internal/rank"
	"github.com/careersearch/careers/internal/synonyms"
	"github.com/careersearch/careers/internal/wordnet"
)

// errReported means the command already told the user what went wrong and
// only the exit status is left to set.
var errReported = errors.New("failed")

// app is what every command shares: its streams, environment and flags.
type app struct {
	ctx        context.Context
	getenv     func(string) string
	stdout     io.Writer
	stderr     io.Writer
	configFile string
	// onListen, if set, is told the address the server listens on.
	onListen func(addr string)
}

// run is the whole program; main only supplies the process's context and
// streams, so tests can run commands in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runWith(ctx, args, getenv, stdout, stderr, nil)
}

// runWith is run with a hook that learns the server's address, for tests
// that start it on port 0.
func runWith(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, onListen func(string)) error {
	a := &app{ctx: ctx, getenv: getenv, stdout: stdout, stderr: stderr, onListen: onListen}
	root := &cobra.Command{
		Use:   "careers",
		Short: "Full-text search over career descriptions",
		Long: `careers indexes career descriptions (Markdown files with YAML front matter)
with Bleve and English stemming, and searches them from the command line or
over HTTP with ranked, highlighted, faceted results.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetContext(ctx)
	root.PersistentFlags().StringVar(&a.configFile, "config", "", "config file (default config/careers.yaml if present, or $CAREERS_CONFIG)")
	root.AddCommand(a.indexCmd(), a.searchCmd(), a.serveCmd(), a.checkCmd(), a.configCmd(), a.importCmd(), a.evalCmd(), a.similarCmd(), a.suggestCmd())
	return root.Execute()
}

const bindPrefix = "config-key:"

// bind records that flag name of cmd overrides config key.
func (a *app) bind(cmd *cobra.Command, key, name string) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[bindPrefix+key] = name
}

// config loads the configuration with the flags that cmd binds to keys.
func (a *app) config(cmd *cobra.Command) (*config.Config, error) {
	flags := map[string]*pflag.Flag{}
	for k, name := range cmd.Annotations {
		if key, ok := strings.CutPrefix(k, bindPrefix); ok {
			flags[key] = cmd.Flags().Lookup(name)
		}
	}
	return config.Load(a.configFile, flags, a.getenv)
}

func (a *app) logger(cfg *config.Config) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(cfg.Log.Format, "json") {
		return slog.New(slog.NewJSONHandler(a.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(a.stderr, opts))
}

// searchOptions turns the configuration into the index's options, loading
// the synonym file. The ranking is rank.Defaults with the features that
// search.ranking turns off turned off. The English words that tell a typo
// from a word no career holds come from the word tables built into the
// binary.
func searchOptions(cfg *config.Config) (bleveindex.Options, error) {
	s := cfg.Search
	syn, err := loadSynonyms(s.Synonyms)
	if err != nil {
		return bleveindex.Options{}, err
	}
	tables, err := wordnet.EmbeddedWords()
	if err != nil {
		return bleveindex.Options{}, err
	}
	params, err := s.RankParams()
	if err != nil {
		return bleveindex.Options{}, err
	}
	return bleveindex.Options{
		Synonyms: syn,
		IsWord:   tables.IsWord,
		Limits: career.Limits{
			DefaultSize: s.DefaultSize, MaxSize: s.MaxSize,
			MaxQueryLength: s.MaxQueryLength, MaxPage: s.MaxPage, MaxTerms: s.MaxTerms,
		},
		FragmentSize: s.FragmentSize,
		Fragments:    s.Fragments,
		Rank:         params,
	}, nil
}

// defaultSynonyms is the shipped synonym file's path, relative to the
// project root.
const defaultSynonyms = "config/synonyms.txt"

func loadSynonyms(path string) (*synonyms.Set, error) {
	if path == "" {
		return nil, nil
	}
	set, err := synonyms.Load(path)
	if errors.Is(err, os.ErrNotExist) && path == defaultSynonyms {
		// Run away from the source tree: use the copy built into the binary.
		return synonyms.Parse(defaultSynonyms+" (built in)", bytes.NewReader(defaults.Synonyms))
	}
	if err != nil {
		return nil, fmt.Errorf("search.synonyms: %w", err)
	}
	return set, nil
}

// openIndex opens the index configured for cmd, read-only, with the
// configured search options.
func (a *app) openIndex(cmd *cobra.Command) (*bleveindex.Index, error) {
	ix, _, err := a.openIndexWith(cmd, "")
	return ix, err
}

// openIndexWith is openIndex with the ranking's constants taken from the
// parameter file paramsFile ("" for rank.Defaults); the features that
// search.ranking turns off stay off. It returns the ranking it searches with.
func (a *app) openIndexWith(cmd *cobra.Command, paramsFile string) (*bleveindex.Index, rank.Params, error) {
	cfg, err := a.config(cmd)
	if err != nil {
		return nil, rank.Params{}, err
	}
	opts, err := searchOptions(cfg)
	if err != nil {
		return nil, rank.Params{}, err
	}
	if paramsFile != "" {
		p, err := rank.LoadParams(paramsFile)
		if err != nil {
			return nil, rank.Params{}, fmt.Errorf("--params: %w", err)
		}
		if opts.Rank, err = cfg.Search.RankParamsFrom(p); err != nil {
			return nil, rank.Params{}, err
		}
	}
	ix, err := bleveindex.Open(cfg.Index.Path, opts)
	return ix, opts.Rank, err
}
