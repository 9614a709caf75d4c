package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func noEnv(string) string { return "" }

func TestDefaults(t *testing.T) {
	c, err := Load("", nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != "localhost:8080" || c.Index.Path != "index" || c.Corpus.Dirs[0] != "corpus" ||
		c.Search.DefaultSize != 10 || c.Search.MaxSize != 100 || c.Server.ReloadInterval != 250*time.Millisecond ||
		c.Search.Boosts["_all"] != 1 || c.Search.TitleWeight != 40 {
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
		{"CAREERS_SEARCH_FORM_WEIGHT", "1.5", "search.form_weight: must be between 0 and 1, got 1.5"},
		{"CAREERS_SEARCH_PROXIMITY_WEIGHT", "-0.1", "search.proximity_weight: must be between 0 and 10, got -0.1"},
		{"CAREERS_SEARCH_FEEDBACK_WEIGHT", "-0.1", "search.feedback_weight: must be between 0 and 10, got -0.1"},
		{"CAREERS_SEARCH_FEEDBACK_TERMS", "51", "search.feedback_terms between 0 and 50"},
		{"CAREERS_SEARCH_FEEDBACK_DOCS", "-1", "search.feedback_docs: must be between 0 and 20"},
		{"CAREERS_SEARCH_NO_DUTIES_WEIGHT", "0", "search.no_duties_weight: must be more than 0 and at most 1"},
		{"CAREERS_SEARCH_RELATED_DOCS", "101", "search.related_docs: must be between 0 and 100, got 101"},
		{"CAREERS_SEARCH_TASK_RELATED_WEIGHT", "-1", "search.related_weight and task_related_weight: must be between 0 and 10"},
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
		{"boost.yaml", "search:\n  boosts:\n    salary: 2\n", "search.boosts.salary: unknown field"},
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
		"default_size:", "max_size:", "max_query_length:", "max_page:", "max_terms:", "fragment_size:", "fragments:", "boosts:", "phrase_boost:", "rerank_window:", "title_weight:", "item_weight:", "title_gate:", "synonyms:", "level:", "format:"} {
		if !strings.Contains(string(out), k) {
			t.Errorf("effective config lacks %s", k)
		}
	}
}
