package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/config"
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

func searchOptions(cfg *config.Config) bleveindex.Options {
	s := cfg.Search
	return bleveindex.Options{
		Limits: career.Limits{
			DefaultSize: s.DefaultSize, MaxSize: s.MaxSize,
			MaxQueryLength: s.MaxQueryLength, MaxPage: s.MaxPage, MaxTerms: s.MaxTerms,
		},
		FragmentSize: s.FragmentSize,
		Fragments:    s.Fragments,
		Boosts:       s.Boosts,
		PhraseBoost:  s.PhraseBoost,
		RerankWindow: s.RerankWindow,
		TitleWeight:  s.TitleWeight,
		ItemWeight:   s.ItemWeight,
		TitleGate:    s.TitleGate,
	}
}
