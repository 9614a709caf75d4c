package bench

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// realSources returns the sources of the suite with the real O*NET files,
// or skips the test when they are absent.
func realSources(t *testing.T) Sources {
	t.Helper()
	src := DefaultSources(filepath.Join("..", ".."))
	if _, err := os.Stat(filepath.Join(src.ONet, "Task Statements.txt")); err != nil {
		t.Skipf("O*NET 30.1 text files not found at %s", src.ONet)
	}
	return src
}

func TestQueryPool(t *testing.T) {
	src := realSources(t)
	pool, err := QueryPool(src, PoolPerSource)
	if err != nil {
		t.Fatal(err)
	}
	again, err := QueryPool(src, PoolPerSource)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pool, again) {
		t.Fatal("two pools from the same files differ")
	}
	// Large enough that an HTTP round of make bench (3,000 requests) and
	// an in-process round (1,000 searches) repeat no query.
	if len(pool) < 8000 {
		t.Errorf("pool has %d queries, want at least 8,000", len(pool))
	}
	seen := map[string]bool{}
	by := map[string]int{}
	for i, q := range pool {
		k := strings.ToLower(q.Text)
		if seen[k] {
			t.Errorf("query %d %q repeated", i, q.Text)
		}
		seen[k] = true
		by[q.Source]++
		if w := len(strings.Fields(q.Text)); w < 1 || w > MaxQueryWords || q.Text != strings.Join(strings.Fields(q.Text), " ") {
			t.Errorf("query %d %q: %d words or uneven spacing", i, q.Text, w)
		}
		if q.Source == SourceTaskStart {
			if w := len(strings.Fields(q.Text)); w > 4 || strings.ContainsAny(q.Text, "()") || strings.TrimRight(q.Text, ",;:.") != q.Text {
				t.Errorf("task opening %q", q.Text)
			}
		}
	}
	for _, s := range []string{SourceTitle, SourceActivity, SourceTaskStart, SourceTechnology} {
		if by[s] < 1000 || by[s] > PoolPerSource {
			t.Errorf("%d queries from %s, want 1,000 to %d", by[s], s, PoolPerSource)
		}
	}
	// Shuffled: the first thousand queries mix every source.
	first := map[string]int{}
	for _, q := range pool[:1000] {
		first[q.Source]++
	}
	if len(first) != 4 {
		t.Errorf("the first 1,000 queries come from %v", first)
	}

	hand, err := HandQueries(src, pool)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for n < len(hand) && hand[n].Source == SourceJudged {
		n++
	}
	if n < 50 {
		t.Errorf("hand mix starts with %d judged queries, want the hand-written ones (at least 50)", n)
	}
	seen = map[string]bool{}
	for _, q := range hand {
		k := strings.ToLower(q.Text)
		if seen[k] {
			t.Errorf("hand mix repeats %q", q.Text)
		}
		seen[k] = true
	}
	if len(hand) <= len(pool) {
		t.Errorf("hand mix has %d queries, the pool %d", len(hand), len(pool))
	}
}

func TestTaskOpening(t *testing.T) {
	for _, c := range []struct {
		task string
		n    int
		want string
	}{
		{"Adjust dental devices, such as bridges.", 3, "Adjust dental devices"},
		{"Adjust dental devices, such as bridges.", 2, "Adjust dental"},
		{"Order supplies.", 4, "Order supplies"},
		{"Use (CAD) software to draw.", 4, "Use"},
		{"(Optional) work", 2, ""},
	} {
		if got := taskOpening(c.task, c.n); got != c.want {
			t.Errorf("taskOpening(%q, %d) = %q, want %q", c.task, c.n, got, c.want)
		}
	}
}

func TestReadColumnErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.txt")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("A\tB\r\n1\t2\r\n3\t4\r\n")
	got, err := readColumn(path, "B")
	if err != nil || !reflect.DeepEqual(got, []string{"2", "4"}) {
		t.Errorf("readColumn = %q, %v", got, err)
	}
	for _, c := range []struct{ text, column, want string }{
		{"A\tB\r\n1\t2\r\n", "C", `x.txt:1: no column "C"`},
		{"A\tB\r\n1\t2\r\n3\r\n", "B", "x.txt:3: 1 fields, the header has 2"},
		{"", "A", "x.txt: empty file"},
	} {
		write(c.text)
		if _, err := readColumn(path, c.column); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to name %q", c.text, err, c.want)
		}
	}
}

func TestWindow(t *testing.T) {
	qs := []Query{{Text: "a"}, {Text: "b"}, {Text: "c"}}
	texts := func(w []Query) string {
		var s []string
		for _, q := range w {
			s = append(s, q.Text)
		}
		return strings.Join(s, "")
	}
	for _, c := range []struct {
		start, n int
		want     string
	}{{0, 2, "ab"}, {2, 2, "ca"}, {1, 9, "bca"}, {4, 1, "b"}} {
		if got := texts(window(qs, c.start, c.n)); got != c.want {
			t.Errorf("window(%d, %d) = %s, want %s", c.start, c.n, got, c.want)
		}
	}
}
