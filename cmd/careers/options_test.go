package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/config"
	"github.com/careersearch/careers/internal/synonyms"
)

// The shipped configuration must be bleveindex.DefaultOptions: the
// relevance tests and benchmarks use the defaults, and their figures are
// meant for what `careers serve` ships.
func TestShippedConfigIsTheDefaultOptions(t *testing.T) {
	cfg, err := config.Load("", nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	got, err := searchOptions(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got.Synonyms == nil {
		t.Error("the shipped configuration has no synonyms")
	}
	// The English words come from the built-in word tables, as in the
	// relevance tests.
	if got.IsWord == nil || !got.IsWord("night") || got.IsWord("nigth") {
		t.Error("the shipped configuration does not tell English words")
	}
	if diff := cmp.Diff(bleveindex.DefaultOptions(), got, cmpopts.IgnoreTypes(&synonyms.Set{}),
		cmpopts.IgnoreFields(bleveindex.Options{}, "IsWord")); diff != "" {
		t.Errorf("config/careers.yaml and bleveindex.DefaultOptions differ (-defaults +config):\n%s", diff)
	}
}
