package bleveindex

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestCareerTablesAnswerAsTheCareers: every per-career table read in
// place from the tables file gives, for every career, what the careers
// themselves say (title and duty shapes by analysing them again, the
// careers that list no duties, related careers both ways with unknown ids
// left out and repeats kept, titles), and nothing for an unknown id.
func TestCareerTablesAnswerAsTheCareers(t *testing.T) {
	careers := shapeCorpus(t)
	// Links to a career not in the corpus are left out; a repeated link
	// counts twice, as it did when the tables were maps.
	careers[0].Related = append(careers[0].Related, "no-such-career", careers[1].ID, careers[1].ID)
	root := t.TempDir()
	if _, err := Build(context.Background(), root, careers, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(root, shippedOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	known := map[string]bool{}
	for _, c := range careers {
		known[c.ID] = true
	}
	linkedFrom := map[string][]string{}
	total, n := 0, 0
	for _, c := range careers {
		lens := lensOf(titleLens(ix.analyzer, c))
		dls, dss := dutyShape(ix.analyzer, c)
		dl, ds := lensOf(dls), lensOf(dss)
		for _, l := range dl {
			total += int(l)
			n++
		}
		if got := ix.titleLensOf(c.ID); !slices.Equal(got, lens) || (got == nil) != (lens == nil) {
			t.Errorf("%s: title lengths %v, want %v", c.ID, got, lens)
		}
		if got := ix.dutyLensOf(c.ID); !slices.Equal(got, dl) || (got == nil) != (dl == nil) {
			t.Errorf("%s: duty lengths %v, want %v", c.ID, got, dl)
		}
		if got := ix.dutyStartsOf(c.ID); !slices.Equal(got, ds) || (got == nil) != (ds == nil) {
			t.Errorf("%s: duty starts %v, want %v", c.ID, got, ds)
		}
		if got, want := ix.hasNoDuties(c.ID), len(c.Duties) == 0 && len(c.Skills) == 0; got != want {
			t.Errorf("%s: no duties %v, want %v", c.ID, got, want)
		}
		var links []string
		for _, r := range c.Related {
			if known[r] {
				links = append(links, r)
				linkedFrom[r] = append(linkedFrom[r], c.ID)
			}
		}
		if got := ix.linksOf(c.ID); !slices.Equal(got, links) {
			t.Errorf("%s: links %v, want %v", c.ID, got, links)
		}
		if got := ix.careerTitle(c.ID); got != c.Title {
			t.Errorf("%s: title %q, want %q", c.ID, got, c.Title)
		}
	}
	linked := 0
	for _, c := range careers {
		got, want := slices.Sorted(slices.Values(ix.linkedFromOf(c.ID))), slices.Sorted(slices.Values(linkedFrom[c.ID]))
		if !slices.Equal(got, want) {
			t.Errorf("%s: linked from %v, want %v", c.ID, got, want)
		}
		linked += len(got)
	}
	if linked == 0 || len(ix.linksOf(careers[0].ID)) < 2 {
		t.Fatalf("the corpus has no related careers to check (%d links)", linked)
	}
	if want := float64(total) / float64(n); ix.avgDutyLen != want {
		t.Errorf("mean duty length %v, want %v", ix.avgDutyLen, want)
	}
	if ix.titleLensOf("no-such-career") != nil || ix.linksOf("no-such-career") != nil || ix.hasNoDuties("no-such-career") || ix.careerTitle("no-such-career") != "" {
		t.Error("an unknown id has tables")
	}
	// The title words and terms are those of the careers.
	for _, c := range careers {
		for _, w := range words(c.Title) {
			if !ix.titleWords[w] {
				t.Errorf("title word %q of %s missing", w, c.ID)
			}
		}
		for _, term := range ix.analyze(c.Title) {
			if !ix.titleStems[term] {
				t.Errorf("title term %q of %s missing", term, c.ID)
			}
		}
	}
}

// TestSuggestionsOutliveTheGeneration: what Suggest and the explanations
// return is copied out of the mapped tables file, so it is still whole
// after the generation is closed (and unmapped).
func TestSuggestionsOutliveTheGeneration(t *testing.T) {
	root := t.TempDir()
	if _, err := Build(context.Background(), root, loadBasic(t), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(root, shippedOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	out, err := ix.Suggest(context.Background(), "a", 10)
	if err != nil || len(out) == 0 {
		t.Fatalf("Suggest: %v %v", out, err)
	}
	id := out[0].ID
	title := ix.careerTitle(id)
	want := []string{out[0].Text, out[0].ID, out[0].Title, title}
	before := strings.Join(want, "|")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Reading unmapped memory would crash here.
	if after := strings.Join([]string{out[0].Text, out[0].ID, out[0].Title, title}, "|"); after != before || title == "" {
		t.Errorf("after Close: %q, before %q", after, before)
	}
}
