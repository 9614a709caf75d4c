package eval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	j := map[string]int{"a": 2, "b": 1}
	tests := []struct {
		ids            []string
		rr, r1, r10, n float64
	}{
		{[]string{"a", "b"}, 1, 0.5, 1, 1},
		{[]string{"b", "a"}, 1, 0.5, 1, (1 + 3/math.Log2(3)) / (3 + 1/math.Log2(3))},
		{[]string{"x", "a"}, 0.5, 0, 0.5, (3 / math.Log2(3)) / (3 + 1/math.Log2(3))},
		{[]string{"x", "y"}, 0, 0, 0, 0},
		{nil, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		if got := ReciprocalRank(tt.ids, j); math.Abs(got-tt.rr) > 1e-9 {
			t.Errorf("RR(%v) = %v, want %v", tt.ids, got, tt.rr)
		}
		if got := Recall(tt.ids, j, 1); math.Abs(got-tt.r1) > 1e-9 {
			t.Errorf("R@1(%v) = %v, want %v", tt.ids, got, tt.r1)
		}
		if got := Recall(tt.ids, j, 10); math.Abs(got-tt.r10) > 1e-9 {
			t.Errorf("R@10(%v) = %v, want %v", tt.ids, got, tt.r10)
		}
		if got := NDCG(tt.ids, j, 10); math.Abs(got-tt.n) > 1e-9 {
			t.Errorf("nDCG(%v) = %v, want %v", tt.ids, got, tt.n)
		}
	}
}

func TestLoadJSONLErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"syntax.jsonl": "{\"query\": \"a\", \"judgements\": {\"x\": 2}}\n{oops\n",
		"grade.jsonl":  "{\"query\": \"a\", \"judgements\": {\"x\": 3}}\n",
		"empty.jsonl":  "{\"query\": \"\", \"judgements\": {\"x\": 1}}\n",
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(body), 0o644)
		_, err := LoadJSONL("t", path)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		line := ":1:"
		if name == "syntax.jsonl" {
			line = ":2:"
		}
		if !strings.Contains(err.Error(), name+line) {
			t.Errorf("%s: error %q does not name file and line", name, err)
		}
	}
}
