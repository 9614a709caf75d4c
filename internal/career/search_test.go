package career

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseParams(t *testing.T) {
	tests := []struct {
		name   string
		params map[string][]string
		want   Query
		err    string // fragment; "" for none
	}{
		{"all", map[string][]string{"q": {"data"}, "category": {"A", "B"}, "page": {"2"}, "size": {"5"}, "explain": {"true"}},
			Query{Text: "data", Categories: []string{"A", "B"}, Page: 2, Size: 5, Explain: true}, ""},
		{"none", map[string][]string{}, Query{}, ""},
		{"q twice", map[string][]string{"q": {"a", "b"}}, Query{}, "q: given 2 times, expected once"},
		{"size twice", map[string][]string{"size": {"1", "50"}}, Query{}, "size: given 2 times"},
		{"page twice", map[string][]string{"page": {"1", "1"}}, Query{}, "page: given 2 times"},
		{"explain twice", map[string][]string{"explain": {"true", "false"}}, Query{}, "explain: given 2 times"},
		{"bad size", map[string][]string{"size": {"ten"}}, Query{}, `size: "ten" is not a whole number`},
		{"long bad size", map[string][]string{"size": {strings.Repeat("9x", 5000)}}, Query{}, "(10000 characters)"},
		{"bad explain", map[string][]string{"explain": {"yes"}}, Query{}, `explain: "yes" is not true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseParams(tt.params)
			if tt.err != "" {
				if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an EINVALID error saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tt.want.Text || got.Page != tt.want.Page || got.Size != tt.want.Size || got.Explain != tt.want.Explain ||
				strings.Join(got.Categories, "|") != strings.Join(tt.want.Categories, "|") {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	if got := Quote("Health Roles"); got != `"Health Roles"` {
		t.Errorf("short: %s", got)
	}
	long := strings.Repeat("é", 60000)
	got := Quote(long)
	if utf8.RuneCountInString(got) > 80 || !strings.HasSuffix(got, "… (60000 characters)") || !utf8.ValidString(got) {
		t.Errorf("long: %s", got)
	}
}

func FuzzParseParams(f *testing.F) {
	f.Add("q", "data", "size", "5")
	f.Add("size", "x", "size", "y")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		p := map[string][]string{}
		p[k1] = append(p[k1], v1)
		p[k2] = append(p[k2], v2)
		q, err := ParseParams(p)
		if err != nil {
			if ErrorCode(err) != EINVALID || len(err.Error()) > 600 { // 40 characters, escaped
				t.Errorf("error %v", err)
			}
			return
		}
		if q.Page < 0 || q.Size < 0 {
			t.Errorf("negative page or size: %+v", q)
		}
	})
}
