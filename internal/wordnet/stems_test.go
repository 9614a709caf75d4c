package wordnet

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStemSplitsEmbedded: with the embedded stem splits, words that
// Snowball folds together but WordNet knows as different words get
// different terms, and the forms of one word (its inflections and the
// derivations WordNet links, or that a meaning-keeping suffix makes) keep
// one term.
func TestStemSplitsEmbedded(t *testing.T) {
	differ := [][2]string{
		{"animal", "animated"}, {"animals", "animated"}, {"animals", "animation"}, {"animal", "animate"},
		{"like", "likely"}, {"likes", "likely"},
		{"universe", "university"}, {"universal", "universities"},
		{"organ", "organization"}, {"organs", "organize"},
		{"author", "authority"}, {"authors", "authorities"},
		{"experience", "experiment"}, {"integrate", "integrity"},
		{"inform", "informal"}, {"intern", "international"}, {"liquid", "liquidation"},
		{"secret", "secretion"}, {"convent", "convention"},
		{"politics", "polite"},
		{"apart", "apartment"}, {"sever", "several"}, {"hospitality", "hospital"},
	}
	for _, p := range differ {
		if Stem(p[0]) != Stem(p[1]) {
			t.Errorf("%q and %q: Snowball stems differ already (%q, %q), not a collision", p[0], p[1], Stem(p[0]), Stem(p[1]))
		}
		if Term(p[0]) == Term(p[1]) {
			t.Errorf("%q and %q are different words, both %q", p[0], p[1], Term(p[0]))
		}
	}
	same := [][]string{
		{"animal", "animals"}, {"animate", "animated", "animation", "animating"},
		{"like", "likes", "liked", "liking"},
		{"inspect", "inspecting", "inspection", "inspects"},
		{"nurse", "nursing", "nurses"}, {"teach", "teaching", "teaches"},
		{"repair", "repairs", "repaired", "repairing"},
		{"manage", "managing", "management", "manager", "managers"},
		{"account", "accounting", "accountant"},
		{"reflect", "reflection"}, {"direct", "direction"}, {"analyse", "analyses", "analysed", "analysing"},
		{"care", "careful"}, {"skill", "skilled"}, {"correct", "correctly"},
		{"work", "working", "works"}, {"university", "universities"},
		{"organization", "organize", "organizing"}, {"author", "authors", "authored"},
		{"design", "designer", "designs"}, {"electric", "electricity"},
	}
	for _, group := range same {
		for _, w := range group[1:] {
			if Term(w) != Term(group[0]) {
				t.Errorf("%q is %q, %q is %q: one word, two terms", group[0], Term(group[0]), w, Term(w))
			}
		}
	}
}

// TestStemSplitsTerms: every split term ends in the mark the tokenizer
// breaks at, so none can come from a word as written, after an English
// word (the commonest of its family with the stem); the words split are
// English words and their inflections, a few thousand; and the table
// the analyzer loads is the one Embedded holds.
func TestStemSplitsTerms(t *testing.T) {
	all := mustEmbedded(t)
	got, err := EmbeddedStems()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(all.Stems, got); diff != "" {
		t.Fatalf("EmbeddedStems differs from Embedded().Stems (-want +got):\n%s", diff)
	}
	if len(got) < 1000 || len(got) > 10000 {
		t.Errorf("%d words with split stems, want a few thousand", len(got))
	}
	for w, term := range got {
		head, ok := strings.CutSuffix(term, SplitMark)
		if !ok || head == "" || strings.Contains(head, SplitMark) {
			t.Errorf("%q: term %q is not a word and the mark", w, term)
		}
		if !all.IsWord(head) {
			t.Errorf("%q: term %q is not named after an English word", w, term)
		}
		if !all.IsWord(w) {
			t.Errorf("%q is split but no English word", w)
		}
	}
}

// TestInflections: the regular inflections by part of speech; a verb with
// irregular -ed or -ing forms has no regular ones; long adjectives take no
// -er.
func TestInflections(t *testing.T) {
	for _, tc := range []struct {
		w, pos    string
		irregular []string
		want      []string
	}{
		{"box", "n", nil, []string{"boxes"}},
		{"study", "nv", nil, []string{"studies", "studies", "studied", "studying"}},
		{"bake", "v", nil, []string{"bakes", "baked", "baking"}},
		{"die", "v", nil, []string{"dies", "died", "dying"}},
		{"hat", "nv", []string{"hatted", "hatting"}, []string{"hats", "hats"}},
		{"work", "v", []string{"wrought"}, []string{"works", "worked", "working"}},
		{"chairman", "n", nil, []string{"chairmen", "chairmans"}},
		{"late", "a", nil, []string{"later", "latest"}},
		{"busy", "a", nil, []string{"busier", "busiest"}},
		{"beautiful", "a", nil, nil},
	} {
		if diff := cmp.Diff(tc.want, inflections(tc.w, tc.pos, tc.irregular)); diff != "" {
			t.Errorf("inflections(%q, %q) (-want +got):\n%s", tc.w, tc.pos, diff)
		}
	}
}

// TestDerivedBySuffix: the suffixes that keep a word's meaning join it to
// the word it is made from; -ly adjectives, -ity, -ize and -al do not.
func TestDerivedBySuffix(t *testing.T) {
	for _, tc := range []struct {
		x, xpos, b, bpos string
		want             bool
	}{
		{"reflection", "n", "reflect", "v", true},
		{"animation", "n", "animate", "va", true},
		{"careful", "a", "care", "nv", true},
		{"skilled", "a", "skill", "n", true},
		{"correctly", "r", "correct", "va", true},
		{"likely", "ar", "like", "nva", false},
		{"university", "n", "universe", "n", false},
		{"organize", "v", "organ", "n", false},
		{"informal", "a", "inform", "v", false},
		{"publication", "n", "public", "na", false},
	} {
		if got := derivedBySuffix(tc.x, tc.xpos, tc.b, tc.bpos); got != tc.want {
			t.Errorf("derivedBySuffix(%q, %q, %q, %q) = %v, want %v", tc.x, tc.xpos, tc.b, tc.bpos, got, tc.want)
		}
	}
}

// BenchmarkDecodeStems is what a process pays once, when its analyzer is
// first made, to read the stem splits out of the embedded tables.
func BenchmarkDecodeStems(b *testing.B) {
	for b.Loop() {
		if _, err := decodeEmbedded(keepStems); err != nil {
			b.Fatal(err)
		}
	}
}
