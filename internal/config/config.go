// Package config loads the typed configuration of careers with viper: the
// defaults file, then an optional config file, then CAREERS_* environment
// variables, then command-line flags.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	defaults "github.com/careersearch/careers/config"
	"github.com/careersearch/careers/internal/rank"
)

// Config is the whole configuration.
type Config struct {
	Server Server `mapstructure:"server" yaml:"server"`
	Index  Index  `mapstructure:"index" yaml:"index"`
	Corpus Corpus `mapstructure:"corpus" yaml:"corpus"`
	Search Search `mapstructure:"search" yaml:"search"`
	Log    Log    `mapstructure:"log" yaml:"log"`
	Site   Site   `mapstructure:"site" yaml:"site"`
}

// Site names the search site on its pages: header, title, footer and the
// description search engines show.
type Site struct {
	Name        string `mapstructure:"name" yaml:"name"`
	Description string `mapstructure:"description" yaml:"description"`
}

// Server configures the HTTP server.
type Server struct {
	Addr           string        `mapstructure:"addr" yaml:"addr"`
	ShutdownGrace  time.Duration `mapstructure:"shutdown_grace" yaml:"shutdown_grace"`
	ReloadInterval time.Duration `mapstructure:"reload_interval" yaml:"reload_interval"`
	// RequestTimeout bounds one request; its search is cancelled then (0: none).
	RequestTimeout time.Duration `mapstructure:"request_timeout" yaml:"request_timeout"`
	// MaxInFlight bounds the searches running at once (0: none).
	MaxInFlight int `mapstructure:"max_in_flight" yaml:"max_in_flight"`
	// QueueWait is how long a search waits for one of MaxInFlight's slots.
	QueueWait time.Duration `mapstructure:"queue_wait" yaml:"queue_wait"`
	// RateLimit is requests per second per client address (0: off).
	RateLimit float64 `mapstructure:"rate_limit" yaml:"rate_limit"`
	// CORSOrigins may call the API from a browser (empty: CORS off).
	CORSOrigins []string `mapstructure:"cors_origins" yaml:"cors_origins"`
	// MaxBodyBytes bounds a request body (0: none).
	MaxBodyBytes int64 `mapstructure:"max_body_bytes" yaml:"max_body_bytes"`
	// ReadHeaderTimeout is how long a client has to send its request line
	// and headers; the connection is closed then (0: no limit).
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout" yaml:"read_header_timeout"`
	// IdleTimeout closes a keep-alive connection that sends no new request
	// for this long (0: no limit).
	IdleTimeout time.Duration `mapstructure:"idle_timeout" yaml:"idle_timeout"`
}

// Index configures where and how the index is built.
type Index struct {
	Path      string `mapstructure:"path" yaml:"path"`
	Scoring   string `mapstructure:"scoring" yaml:"scoring"`
	BatchSize int    `mapstructure:"batch_size" yaml:"batch_size"`
	// WordNet is where the build takes its word tables from: "" for the
	// tables built into the binary, a WordNet 3.0 dict directory to derive
	// them from, or "none" to build without.
	WordNet string `mapstructure:"wordnet" yaml:"wordnet"`
}

// Corpus configures where careers are read from.
type Corpus struct {
	Dirs  []string `mapstructure:"dirs" yaml:"dirs"`
	Rules string   `mapstructure:"rules" yaml:"rules"`
}

// Search configures result pages, the synonym file and which features of
// the ranking are on. The ranking's weights are not configuration: they
// are constants of internal/rank (rank.Defaults), changed for an
// experiment with `careers eval --params FILE`.
type Search struct {
	DefaultSize    int    `mapstructure:"default_size" yaml:"default_size"`
	MaxSize        int    `mapstructure:"max_size" yaml:"max_size"`
	MaxQueryLength int    `mapstructure:"max_query_length" yaml:"max_query_length"`
	MaxPage        int    `mapstructure:"max_page" yaml:"max_page"`
	MaxTerms       int    `mapstructure:"max_terms" yaml:"max_terms"`
	FragmentSize   int    `mapstructure:"fragment_size" yaml:"fragment_size"`
	Fragments      int    `mapstructure:"fragments" yaml:"fragments"`
	Synonyms       string `mapstructure:"synonyms" yaml:"synonyms"`
	// Ranking turns each feature of the ranking (rank.Features) on or off
	// by its name.
	Ranking map[string]bool `mapstructure:"ranking" yaml:"ranking"`
}

// RankParams returns the shipped ranking, rank.Defaults, with the
// features that search.ranking turns off turned off.
func (s Search) RankParams() (rank.Params, error) { return s.RankParamsFrom(rank.Defaults()) }

// RankParamsFrom is RankParams starting from p instead of the defaults
// (an experiment's parameter file): a feature turned off stays off.
func (s Search) RankParamsFrom(p rank.Params) (rank.Params, error) {
	for _, name := range slices.Sorted(maps.Keys(s.Ranking)) {
		if s.Ranking[name] {
			continue
		}
		var err error
		if p, err = p.Without(name); err != nil {
			return rank.Params{}, fmt.Errorf("search.ranking.%s: %w", name, err)
		}
	}
	return p, nil
}

// Log configures logging.
type Log struct {
	Level  string `mapstructure:"level" yaml:"level"`
	Format string `mapstructure:"format" yaml:"format"`
}

// DefaultFile is the config file read when --config is not given and it exists.
const DefaultFile = "config/careers.yaml"

// Load builds the configuration. file is the --config value ("" for the
// default file if present); flags maps config keys to the flags that
// override them. getenv is os.Getenv in production.
func Load(file string, flags map[string]*pflag.Flag, getenv func(string) string) (*Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(defaults.Default)); err != nil {
		return nil, fmt.Errorf("config: built-in defaults: %w", err)
	}
	if file == "" {
		file = getenv("CAREERS_CONFIG")
	}
	explicit := file != ""
	if file == "" {
		file = DefaultFile
	}
	data, err := os.ReadFile(file)
	switch {
	case err == nil:
		if err := v.MergeConfig(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("config: %s: %w", file, err)
		}
		if err := checkKeys(file, data); err != nil {
			return nil, err
		}
	case explicit || !errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := checkRemovedEnv(getenv); err != nil {
		return nil, err
	}
	// Environment: every known key, CAREERS_ + upper case with underscores.
	for _, key := range v.AllKeys() {
		name := "CAREERS_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		if val := getenv(name); val != "" {
			v.Set(key, val)
		}
	}
	for key, f := range flags {
		if f != nil && f.Changed {
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				v.Set(key, sv.GetSlice())
			} else {
				v.Set(key, f.Value.String())
			}
		}
	}
	var c Config
	hook := mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.StringToSliceHookFunc(","),
	)
	if err := v.UnmarshalExact(&c, viper.DecodeHook(hook)); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// checkKeys rejects keys that the program does not know, naming the file and
// line, because a misspelt key would otherwise be silently ignored.
func checkKeys(file string, data []byte) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil || len(root.Content) == 0 {
		return nil // the viper parse already reported syntax
	}
	var known yaml.Node
	yaml.Unmarshal(defaults.Default, &known)
	var problems []string
	var walk func(have, want *yaml.Node, prefix string)
	walk = func(have, want *yaml.Node, prefix string) {
		if have.Kind != yaml.MappingNode || want == nil || want.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(have.Content); i += 2 {
			k := have.Content[i]
			var sub *yaml.Node
			for j := 0; j+1 < len(want.Content); j += 2 {
				if want.Content[j].Value == k.Value {
					sub = want.Content[j+1]
				}
			}
			name := prefix + k.Value
			if sub == nil {
				if prefix == "search." && slices.Contains(rank.Keys(), k.Value) {
					problems = append(problems, fmt.Sprintf("%s:%d: %s", file, k.Line, removed(k.Value)))
					continue
				}
				if prefix == "search.ranking." {
					_, err := rank.Defaults().Without(k.Value)
					problems = append(problems, fmt.Sprintf("%s:%d: %s: %v", file, k.Line, name, err))
					continue
				}
				problems = append(problems, fmt.Sprintf("%s:%d: %s: unknown key", file, k.Line, name))
				continue
			}
			walk(have.Content[i+1], sub, name+".")
		}
	}
	walk(root.Content[0], known.Content[0], "")
	if len(problems) > 0 {
		return fmt.Errorf("config: %s", strings.Join(problems, "\n"))
	}
	return nil
}

func (c *Config) validate() error {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if c.Server.Addr == "" {
		add("server.addr: empty")
	}
	v := c.Server
	for name, d := range map[string]time.Duration{"shutdown_grace": v.ShutdownGrace, "reload_interval": v.ReloadInterval,
		"request_timeout": v.RequestTimeout, "queue_wait": v.QueueWait,
		"read_header_timeout": v.ReadHeaderTimeout, "idle_timeout": v.IdleTimeout} {
		if d < 0 {
			add("server.%s: must not be negative", name)
		}
	}
	if v.MaxInFlight < 0 {
		add("server.max_in_flight: must not be negative (0 = no bound)")
	}
	if v.RateLimit < 0 {
		add("server.rate_limit: must not be negative (0 = off)")
	}
	if v.MaxBodyBytes < 0 {
		add("server.max_body_bytes: must not be negative (0 = no bound)")
	}
	for _, o := range v.CORSOrigins {
		if err := checkOrigin(o); err != nil {
			add("server.cors_origins: %q: %v", o, err)
		}
	}
	if c.Index.Path == "" {
		add("index.path: empty")
	}
	if c.Index.Scoring != "tfidf" && c.Index.Scoring != "bm25" {
		add("index.scoring: must be tfidf or bm25, got %q", c.Index.Scoring)
	}
	if len(c.Corpus.Dirs) == 0 {
		add("corpus.dirs: empty")
	}
	switch c.Corpus.Rules {
	case "editorial", "basic", "imported":
	default:
		add("corpus.rules: must be editorial, basic or imported, got %q", c.Corpus.Rules)
	}
	s := c.Search
	if s.MaxSize < 1 || s.DefaultSize < 1 || s.DefaultSize > s.MaxSize {
		add("search.default_size and search.max_size: need 1 <= default_size <= max_size")
	}
	if s.MaxTerms < 1 || s.MaxTerms > maxTerms {
		add("search.max_terms: must be between 1 and %d, got %d", maxTerms, s.MaxTerms)
	}
	if s.FragmentSize < 20 {
		add("search.fragment_size: at least 20")
	}
	for _, name := range slices.Sorted(maps.Keys(s.Ranking)) {
		if _, err := rank.Defaults().Without(name); err != nil {
			add("search.ranking.%s: %v", name, err)
		}
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level: must be debug, info, warn or error")
	}
	if strings.TrimSpace(c.Site.Name) == "" {
		add("site.name: empty")
	}
	if n := len([]rune(c.Site.Name)); n > 60 {
		add("site.name: %d characters, at most 60", n)
	}
	if n := len([]rune(c.Site.Description)); n > 300 {
		add("site.description: %d characters, at most 300", n)
	}
	if c.Log.Format != "json" && c.Log.Format != "text" {
		add("log.format: must be json or text")
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %s", strings.Join(errs, "; "))
	}
	return nil
}

// removed says what became of search.<key>, a ranking parameter that was
// configuration once: its value is a constant of internal/rank now.
func removed(key string) string {
	use := "careers eval --params FILE sets it for an experiment"
	if f, ok := rank.FeatureOf(key); ok {
		use = fmt.Sprintf("set search.ranking.%s to false to turn that feature off, or use careers eval --params FILE to experiment", f.Name)
	}
	return fmt.Sprintf("search.%s is no longer configuration: the ranking's weights are constants of internal/rank (docs/RELEVANCE.md); %s", key, use)
}

// checkRemovedEnv refuses the environment variables of the removed
// ranking keys, which would otherwise be ignored without a word.
func checkRemovedEnv(getenv func(string) string) error {
	var problems []string
	for _, key := range rank.Keys() {
		name := "CAREERS_SEARCH_" + strings.ToUpper(key)
		if key == "boosts" {
			name = "CAREERS_SEARCH_BOOSTS__ALL" // the one boost the defaults named
		}
		if getenv(name) != "" {
			problems = append(problems, fmt.Sprintf("environment %s: %s", name, removed(key)))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("config: %s", strings.Join(problems, "\n"))
	}
	return nil
}

// maxTerms is the largest search.max_terms accepted: beyond it a query
// would build more term searchers than the index allows one search
// (bleveindex.MaxTermSearchers, about 21 per word) and fail anyway.
const maxTerms = 150

// checkOrigin accepts "*" or an origin as browsers send it:
// scheme://host[:port], without path or trailing slash.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New(`want "*" or scheme://host[:port], as in "https://example.org"`)
	}
	return nil
}

// YAML renders the effective configuration, durations written as people
// write them ("10s") rather than in nanoseconds.
func (c *Config) YAML() ([]byte, error) {
	raw, err := yaml.Marshal(c)
	if err != nil {
		return nil, err
	}
	var m map[string]map[string]any
	if err := yaml.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	m["server"]["shutdown_grace"] = c.Server.ShutdownGrace.String()
	m["server"]["reload_interval"] = c.Server.ReloadInterval.String()
	m["server"]["request_timeout"] = c.Server.RequestTimeout.String()
	m["server"]["queue_wait"] = c.Server.QueueWait.String()
	m["server"]["read_header_timeout"] = c.Server.ReadHeaderTimeout.String()
	m["server"]["idle_timeout"] = c.Server.IdleTimeout.String()
	return yaml.Marshal(m)
}
