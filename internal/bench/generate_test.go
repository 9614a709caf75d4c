package bench

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

func sources(n int) []*career.Career {
	var out []*career.Career
	for i := range n {
		c := &career.Career{
			ID:       fmt.Sprintf("11-%04d.00", i),
			Title:    fmt.Sprintf("Occupation %d", i),
			Category: fmt.Sprintf("Group %d", i%3),
			Aliases:  []string{"Alias A", "Alias B", "Alias C"},
			Related:  []string{fmt.Sprintf("11-%04d.00", (i+1)%n)},
			Summary:  "First sentence. Second sentence. Third sentence. Fourth one.",
		}
		for d := range 6 {
			c.Duties = append(c.Duties, career.Item{Name: "Core task", Description: fmt.Sprintf("Duty %d of %d.", d, i)})
		}
		out = append(out, c)
	}
	return out
}

func TestGenerateDeterministic(t *testing.T) {
	src := sources(7)
	a := Generate(src, 200, Seed)
	b := Generate(sources(7), 200, Seed)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	if c := Generate(src, 200, Seed+1); reflect.DeepEqual(a, c) {
		t.Error("a different seed gives the same careers")
	}
	// A career does not depend on how many are generated after it.
	if short := Generate(src, 50, Seed); !reflect.DeepEqual(short, a[:50]) {
		t.Error("the first 50 of 200 differ from 50 generated alone")
	}
}

func TestGenerateShape(t *testing.T) {
	src := sources(7)
	before := fmt.Sprint(src[0].Duties)
	got := Generate(src, 100, Seed)
	if len(got) != 100 {
		t.Fatalf("got %d careers, want 100", len(got))
	}
	ids := map[string]bool{}
	varied := 0
	for i, c := range got {
		if ids[c.ID] {
			t.Fatalf("duplicate id %s", c.ID)
		}
		ids[c.ID] = true
		base := src[i%len(src)]
		if i < len(src) {
			if c != base {
				t.Errorf("career %d is not its source", i)
			}
			continue
		}
		if want := fmt.Sprintf("%s-v%d", base.ID, i/len(src)); c.ID != want {
			t.Errorf("id %s, want %s", c.ID, want)
		}
		if c.Category != base.Category || len(c.Duties) == 0 || c.Summary == "" {
			t.Errorf("%s: category %q, %d duties, summary %q", c.ID, c.Category, len(c.Duties), c.Summary)
		}
		if c.Title != base.Title || c.Summary != base.Summary || !reflect.DeepEqual(c.Duties, base.Duties) {
			varied++
		}
	}
	if varied < 80 {
		t.Errorf("only %d of 93 copies differ from their source", varied)
	}
	if fmt.Sprint(src[0].Duties) != before {
		t.Error("Generate modified a source career")
	}
}
