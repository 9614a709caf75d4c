package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	defaults "github.com/careersearch/careers/config"
	"github.com/careersearch/careers/internal/rank"
)

func noEnv(string) string { return "" }

func TestDefaults(t *testing.T) {
	c, err := Load("", nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != "localhost:8080" || c.Index.Path != "index" || c.Corpus.Dirs[0] != "corpus" ||
		c.Search.DefaultSize != 10 || c.Search.MaxSize != 100 || c.Server.ReloadInterval != 250*time.Millisecond ||
		len(c.Search.Ranking) != len(rank.Features) || !c.Search.Ranking["feedback"] {
		t.Errorf("defaults: %+v", c)
	}
	s := c.Server
	if s.RequestTimeout != 5*time.Second || s.MaxInFlight != 32 || s.QueueWait != 250*time.Millisecond ||
		s.RateLimit != 0 || len(s.CORSOrigins) != 0 || s.MaxBodyBytes != 65536 || s.ShutdownGrace != 10*time.Second ||
		c.Search.MaxTerms != 32 {
		t.Errorf("server and limit defaults: %+v, max_terms %d", s, c.Search.MaxTerms)
	}
}

func TestServerLimitsFromEnv(t *testing.T) {
	getenv := env(map[string]string{
		"CAREERS_SERVER_REQUEST_TIMEOUT": "750ms", "CAREERS_SERVER_MAX_IN_FLIGHT": "4", "CAREERS_SERVER_QUEUE_WAIT": "0s",
		"CAREERS_SERVER_RATE_LIMIT": "2.5", "CAREERS_SERVER_CORS_ORIGINS": "https://a.example,http://localhost:3000",
		"CAREERS_SERVER_MAX_BODY_BYTES": "1024", "CAREERS_SEARCH_MAX_TERMS": "8",
	})
	c, err := Load("", nil, getenv)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Server
	if s.RequestTimeout != 750*time.Millisecond || s.MaxInFlight != 4 || s.QueueWait != 0 || s.RateLimit != 2.5 ||
		strings.Join(s.CORSOrigins, " ") != "https://a.example http://localhost:3000" || s.MaxBodyBytes != 1024 || c.Search.MaxTerms != 8 {
		t.Errorf("from env: %+v, max_terms %d", s, c.Search.MaxTerms)
	}
	out, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"request_timeout: 750ms", "queue_wait: 0s", "rate_limit: 2.5", "- https://a.example", "max_terms: 8"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("dump lacks %q:\n%s", want, out)
		}
	}
}

func TestServerLimitErrors(t *testing.T) {
	for _, tt := range []struct{ key, val, want string }{
		{"CAREERS_SERVER_REQUEST_TIMEOUT", "-1s", "server.request_timeout: must not be negative"},
		{"CAREERS_SERVER_QUEUE_WAIT", "-5ms", "server.queue_wait: must not be negative"},
		{"CAREERS_SERVER_MAX_IN_FLIGHT", "-1", "server.max_in_flight: must not be negative"},
		{"CAREERS_SERVER_RATE_LIMIT", "-0.5", "server.rate_limit: must not be negative"},
		{"CAREERS_SERVER_MAX_BODY_BYTES", "-1", "server.max_body_bytes: must not be negative"},
		{"CAREERS_SERVER_CORS_ORIGINS", "https://ok.example,example.org", `server.cors_origins: "example.org"`},
		{"CAREERS_SERVER_CORS_ORIGINS", "https://a.example/path", `server.cors_origins: "https://a.example/path"`},
		{"CAREERS_SEARCH_MAX_TERMS", "0", "search.max_terms: must be between 1 and 150, got 0"},
		{"CAREERS_SEARCH_MAX_TERMS", "1000", "search.max_terms: must be between 1 and 150, got 1000"},
		{"CAREERS_SERVER_REQUEST_TIMEOUT", "soon", "request_timeout"},
		{"CAREERS_SEARCH_RANKING_FEEDBACK", "maybe", "search.ranking[feedback]"},
	} {
		_, err := Load("", nil, env(map[string]string{tt.key: tt.val}))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s=%s: got %v, want %q", tt.key, tt.val, err, tt.want)
		}
	}
	if _, err := Load("", nil, env(map[string]string{"CAREERS_SERVER_CORS_ORIGINS": "*"})); err != nil {
		t.Errorf("cors_origins *: %v", err)
	}
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	os.WriteFile(file, []byte("server:\n  addr: \"file:1\"\nindex:\n  path: fileindex\nsearch:\n  max_size: 50\n"), 0o644)
	getenv := func(k string) string {
		return map[string]string{"CAREERS_SERVER_ADDR": "env:2", "CAREERS_CORPUS_DIRS": "a,b", "CAREERS_SEARCH_FRAGMENTS": "5"}[k]
	}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("addr", "", "")
	fs.String("index", "", "")
	fs.StringSlice("corpus", nil, "")
	fs.Parse([]string{"--addr", "flag:3", "--corpus", "x", "--corpus", "y"})
	flags := map[string]*pflag.Flag{"server.addr": fs.Lookup("addr"), "index.path": fs.Lookup("index"), "corpus.dirs": fs.Lookup("corpus")}

	c, err := Load(file, flags, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != "flag:3" {
		t.Errorf("addr %q: flag must win", c.Server.Addr)
	}
	if c.Index.Path != "fileindex" {
		t.Errorf("index.path %q: an unset flag must not override the file", c.Index.Path)
	}
	if strings.Join(c.Corpus.Dirs, ",") != "x,y" {
		t.Errorf("corpus.dirs %v", c.Corpus.Dirs)
	}
	if c.Search.MaxSize != 50 || c.Search.Fragments != 5 || c.Search.DefaultSize != 10 {
		t.Errorf("search %+v", c.Search)
	}

	c, err = Load(file, nil, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != "env:2" || strings.Join(c.Corpus.Dirs, ",") != "a,b" {
		t.Errorf("env must override the file: %q %v", c.Server.Addr, c.Corpus.Dirs)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, body, want string
	}{
		{"unknown.yaml", "server:\n  addr: x\n  colour: red\n", "unknown.yaml:3: server.colour: unknown key"},
		{"toplevel.yaml", "sever:\n  addr: x\n", "toplevel.yaml:1: sever: unknown key"},
		{"scoring.yaml", "index:\n  scoring: magic\n", "index.scoring: must be tfidf or bm25"},
		{"sizes.yaml", "search:\n  default_size: 500\n", "default_size <= max_size"},
		{"ranking.yaml", "search:\n  ranking:\n    colour: false\n", `ranking.yaml:3: search.ranking.colour: unknown ranking feature "colour" (known: phrases, titles,`},
		{"notbool.yaml", "search:\n  ranking:\n    skills: sometimes\n", "search.ranking[skills]"},
		{"syntax.yaml", "server: [\n", "syntax.yaml"},
	} {
		file := filepath.Join(dir, tt.name)
		os.WriteFile(file, []byte(tt.body), 0o644)
		_, err := Load(file, nil, noEnv)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), nil, noEnv); err == nil {
		t.Error("a missing --config file must be an error")
	}
	bad := func(k string) string {
		if k == "CAREERS_SERVER_SHUTDOWN_GRACE" {
			return "soon"
		}
		return ""
	}
	if _, err := Load("", nil, bad); err == nil || !strings.Contains(err.Error(), "shutdown_grace") {
		t.Errorf("bad env duration: %v", err)
	}
}

// TestShippedFileMatchesStruct keeps config/careers.yaml and Config in step:
// every key in the file decodes, and the YAML dump has every key.
func TestShippedFileMatchesStruct(t *testing.T) {
	c, err := Load("../../config/careers.yaml", nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := c.YAML()
	for _, k := range []string{"addr:", "shutdown_grace:", "reload_interval:", "path:", "scoring:", "batch_size:", "dirs:", "rules:",
		"request_timeout:", "max_in_flight:", "queue_wait:", "rate_limit:", "cors_origins:", "max_body_bytes:",
		"default_size:", "max_size:", "max_query_length:", "max_page:", "max_terms:", "fragment_size:", "fragments:", "synonyms:", "ranking:", "no_duties: true", "level:", "format:"} {
		if !strings.Contains(string(out), k) {
			t.Errorf("effective config lacks %s", k)
		}
	}
}

// The defaults file lists one switch per ranking feature, in the order of
// rank.Features, each on; the shipped configuration is the shipped ranking.
func TestRankingSwitchesShipped(t *testing.T) {
	var file struct {
		Search struct {
			Ranking yaml.Node `yaml:"ranking"`
		} `yaml:"search"`
	}
	if err := yaml.Unmarshal(defaults.Default, &file); err != nil {
		t.Fatal(err)
	}
	var names []string
	n := file.Search.Ranking
	for i := 0; i+1 < len(n.Content); i += 2 {
		names = append(names, n.Content[i].Value)
		if n.Content[i+1].Value != "true" {
			t.Errorf("search.ranking.%s: %s in the defaults, want true", n.Content[i].Value, n.Content[i+1].Value)
		}
	}
	if diff := cmp.Diff(rank.FeatureNames(), names); diff != "" {
		t.Errorf("config/careers.yaml search.ranking and rank.Features differ (-features +file):\n%s", diff)
	}
	c, err := Load("", nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Search.RankParams()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rank.Defaults(), p); diff != "" {
		t.Errorf("the shipped switches change the ranking (-defaults +config):\n%s", diff)
	}
}

// A switch turned off, from the file or the environment, turns its feature
// off and no other.
func TestRankingSwitches(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	os.WriteFile(file, []byte("search:\n  ranking:\n    skills: false\n    titles: false\n"), 0o644)
	for _, tt := range []struct {
		name string
		file string
		env  map[string]string
		want func(*rank.Params)
	}{
		{"env", "", map[string]string{"CAREERS_SEARCH_RANKING_FEEDBACK": "false"}, func(p *rank.Params) { p.FeedbackTerms = 0 }},
		{"env true", "", map[string]string{"CAREERS_SEARCH_RANKING_FEEDBACK": "true"}, func(p *rank.Params) {}},
		{"file", file, nil, func(p *rank.Params) { p.SkillBoost, p.SkillWeight, p.TitleWeight, p.TaskTitleWeight = 0, 0, 0, 0 }},
		{"env over file", file, map[string]string{"CAREERS_SEARCH_RANKING_SKILLS": "true", "CAREERS_SEARCH_RANKING_NO_DUTIES": "false"},
			func(p *rank.Params) { p.TitleWeight, p.TaskTitleWeight, p.NoDutiesWeight = 0, 0, 1 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.file, nil, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Search.RankParams()
			if err != nil {
				t.Fatal(err)
			}
			want := rank.Defaults()
			tt.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// A ranking constant that was a key once is refused with what replaced it,
// from a file (with its line) and from the environment.
func TestRemovedRankingKeys(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, body, want string }{
		{"title.yaml", "search:\n  max_size: 50\n  title_weight: 20\n",
			"title.yaml:3: search.title_weight is no longer configuration: the ranking's weights are constants of internal/rank (docs/RELEVANCE.md); set search.ranking.titles to false to turn that feature off, or use careers eval --params FILE to experiment"},
		{"feedback.yaml", "search:\n  feedback_weight: 3\n", "feedback.yaml:2: search.feedback_weight is no longer configuration: the ranking's weights are constants of internal/rank (docs/RELEVANCE.md); set search.ranking.feedback to false"},
		{"boosts.yaml", "search:\n  boosts:\n    title: 2\n", "boosts.yaml:2: search.boosts is no longer configuration: the ranking's weights are constants of internal/rank (docs/RELEVANCE.md); careers eval --params FILE sets it for an experiment"},
		{"window.yaml", "search:\n  rerank_window: 50\n", "window.yaml:2: search.rerank_window is no longer configuration"},
		{"nodut.yaml", "search:\n  no_duties_weight: 1\n", "search.ranking.no_duties to false"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, tt.name)
			os.WriteFile(file, []byte(tt.body), 0o644)
			_, err := Load(file, nil, noEnv)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %q", err, tt.want)
			}
		})
	}
	for _, tt := range []struct{ env, want string }{
		{"CAREERS_SEARCH_TITLE_WEIGHT", "environment CAREERS_SEARCH_TITLE_WEIGHT: search.title_weight is no longer configuration: the ranking's weights are constants of internal/rank (docs/RELEVANCE.md); set search.ranking.titles to false"},
		{"CAREERS_SEARCH_SKILL_BOOST", "environment CAREERS_SEARCH_SKILL_BOOST: search.skill_boost is no longer configuration"},
		{"CAREERS_SEARCH_RERANK_WINDOW", "search.rerank_window is no longer configuration"},
		{"CAREERS_SEARCH_BOOSTS__ALL", "environment CAREERS_SEARCH_BOOSTS__ALL: search.boosts is no longer configuration"},
	} {
		_, err := Load("", nil, env(map[string]string{tt.env: "1"}))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v\nwant %q", tt.env, err, tt.want)
		}
	}
}
