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
		c.Search.DefaultSize != 10 || c.Search.MaxSize != 100 || c.Server.ReloadInterval != time.Second ||
		c.Search.Boosts["title"] != 4 {
		t.Errorf("defaults: %+v", c)
	}
}

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
		"default_size:", "max_size:", "max_query_length:", "max_page:", "fragment_size:", "fragments:", "boosts:", "phrase_boost:", "all_words_boost:", "level:", "format:"} {
		if !strings.Contains(string(out), k) {
			t.Errorf("effective config lacks %s", k)
		}
	}
}
