// Package config loads the typed configuration of careers with viper: the
// defaults file, then an optional config file, then CAREERS_* environment
// variables, then command-line flags.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	defaults "github.com/careersearch/careers/config"
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

// Search configures result pages and ranking.
type Search struct {
	DefaultSize    int                `mapstructure:"default_size" yaml:"default_size"`
	MaxSize        int                `mapstructure:"max_size" yaml:"max_size"`
	MaxQueryLength int                `mapstructure:"max_query_length" yaml:"max_query_length"`
	MaxPage        int                `mapstructure:"max_page" yaml:"max_page"`
	MaxTerms       int                `mapstructure:"max_terms" yaml:"max_terms"`
	FragmentSize   int                `mapstructure:"fragment_size" yaml:"fragment_size"`
	Fragments      int                `mapstructure:"fragments" yaml:"fragments"`
	Boosts         map[string]float64 `mapstructure:"boosts" yaml:"boosts"`
	PhraseBoost    float64            `mapstructure:"phrase_boost" yaml:"phrase_boost"`
	RerankWindow   int                `mapstructure:"rerank_window" yaml:"rerank_window"`
	TitleWeight    float64            `mapstructure:"title_weight" yaml:"title_weight"`
	ItemWeight     float64            `mapstructure:"item_weight" yaml:"item_weight"`
	TitleGate      float64            `mapstructure:"title_gate" yaml:"title_gate"`
	// NoDutiesWeight multiplies the score of a career without duties.
	NoDutiesWeight float64 `mapstructure:"no_duties_weight" yaml:"no_duties_weight"`
	// TaskTitleWeight replaces TitleWeight for queries that read as tasks.
	TaskTitleWeight float64 `mapstructure:"task_title_weight" yaml:"task_title_weight"`
	// TaskItemWeight replaces ItemWeight for queries that read as tasks.
	TaskItemWeight float64 `mapstructure:"task_item_weight" yaml:"task_item_weight"`
	// TaskMinOpenings: how many duties a query's first word must open for
	// the query to read as a task (0: never).
	TaskMinOpenings int `mapstructure:"task_min_openings" yaml:"task_min_openings"`
	// ProximityWeight raises a duty that holds the words of a query of
	// three words or more close together (0: off).
	ProximityWeight float64 `mapstructure:"proximity_weight" yaml:"proximity_weight"`
	// FormWeight weighs the other forms of a query word ("inspector" for
	// "inspect") in the query; 0 turns them off.
	FormWeight float64 `mapstructure:"form_weight" yaml:"form_weight"`
	// Feedback for queries that read as tasks: how many first hits give
	// their best duty's words, how many words are kept, and how much a
	// hit holding all of them gains (FeedbackTerms 0: off).
	FeedbackDocs   int     `mapstructure:"feedback_docs" yaml:"feedback_docs"`
	FeedbackTerms  int     `mapstructure:"feedback_terms" yaml:"feedback_terms"`
	FeedbackWeight float64 `mapstructure:"feedback_weight" yaml:"feedback_weight"`
	// A re-scored hit with related-career links to the first RelatedDocs
	// hits gains RelatedWeight (TaskRelatedWeight for task queries) times
	// its links over RelatedDocs (RelatedDocs 0: off).
	RelatedDocs       int     `mapstructure:"related_docs" yaml:"related_docs"`
	RelatedWeight     float64 `mapstructure:"related_weight" yaml:"related_weight"`
	TaskRelatedWeight float64 `mapstructure:"task_related_weight" yaml:"task_related_weight"`
	// SkillBoost weighs the query clause on the listed skills (0: off);
	// SkillWeight scales the re-scoring by the best matching skill.
	SkillBoost  float64 `mapstructure:"skill_boost" yaml:"skill_boost"`
	SkillWeight float64 `mapstructure:"skill_weight" yaml:"skill_weight"`
	Synonyms    string  `mapstructure:"synonyms" yaml:"synonyms"`
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
				if prefix == "search.boosts." {
					continue // field names are checked by validate
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
	known := map[string]bool{"_all": true, "title": true, "aliases": true, "summary": true, "duties": true, "specialisations": true, "workplace": true}
	if s.RerankWindow < 0 || s.RerankWindow > 1000 {
		add("search.rerank_window: must be between 0 and 1000")
	}
	if s.TitleWeight < 0 || s.ItemWeight < 0 || s.PhraseBoost < 0 || s.TaskTitleWeight < 0 || s.TaskItemWeight < 0 {
		add("search.title_weight, item_weight, task_title_weight, task_item_weight and phrase_boost: must not be negative")
	}
	if s.NoDutiesWeight <= 0 || s.NoDutiesWeight > 1 {
		add("search.no_duties_weight: must be more than 0 and at most 1, got %v", s.NoDutiesWeight)
	}
	if s.FeedbackDocs < 0 || s.FeedbackDocs > 20 || s.FeedbackTerms < 0 || s.FeedbackTerms > 50 {
		add("search.feedback_docs: must be between 0 and 20, and search.feedback_terms between 0 and 50")
	}
	if s.FeedbackWeight < 0 || s.FeedbackWeight > 10 {
		add("search.feedback_weight: must be between 0 and 10, got %v", s.FeedbackWeight)
	}
	if s.RelatedDocs < 0 || s.RelatedDocs > 100 {
		add("search.related_docs: must be between 0 and 100, got %d", s.RelatedDocs)
	}
	if s.RelatedWeight < 0 || s.RelatedWeight > 10 || s.TaskRelatedWeight < 0 || s.TaskRelatedWeight > 10 {
		add("search.related_weight and task_related_weight: must be between 0 and 10")
	}
	if s.SkillBoost < 0 || s.SkillBoost > 10 {
		add("search.skill_boost: must be between 0 and 10, got %v", s.SkillBoost)
	}
	if s.SkillWeight < 0 || s.SkillWeight > 1000 {
		add("search.skill_weight: must be between 0 and 1000, got %v", s.SkillWeight)
	}
	if s.ProximityWeight < 0 || s.ProximityWeight > 10 {
		add("search.proximity_weight: must be between 0 and 10, got %v", s.ProximityWeight)
	}
	if s.FormWeight < 0 || s.FormWeight > 1 {
		add("search.form_weight: must be between 0 and 1, got %v", s.FormWeight)
	}
	if s.TaskMinOpenings < 0 {
		add("search.task_min_openings: must not be negative, got %d", s.TaskMinOpenings)
	}
	for f, b := range s.Boosts {
		if !known[f] {
			add("search.boosts.%s: unknown field", f)
		}
		if b < 0 {
			add("search.boosts.%s: must not be negative", f)
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
