package bleveindex

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"medical", "medical", 0},
		{"medcal", "medical", 1},
		{"imagng", "imaging", 1},
		{"lerning", "learning", 1},
		{"maching", "machine", 1},
		{"teh", "the", 1},
		{"kitten", "sitting", 3},
		{"résumé", "resume", 2},
	} {
		if got := editDistance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := editDistance("abcdefgh", "zzzzzzzz", 2); got != 3 {
		t.Errorf("limit not honoured: %d", got)
	}
}

func TestCorrect(t *testing.T) {
	v, _ := loadVocab([]byte(`{"medical": 9, "medial": 1, "imaging": 4, "learning": 7, "machine": 5, "data": 50}`))
	for in, want := range map[string]string{
		"medcal":  "medical",
		"imagng":  "imaging",
		"lerning": "learning",
		"machne":  "machine",
		"dta":     "", // four letters or fewer: no edits
		"zzzzzz":  "",
	} {
		if got := v.correct(in); got != want {
			t.Errorf("correct(%q) = %q, want %q", in, got, want)
		}
	}
}
