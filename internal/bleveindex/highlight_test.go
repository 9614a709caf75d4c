package bleveindex

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/eval"
	"github.com/careersearch/careers/internal/importer/onet"
)

// judgedQueries are the queries of every judged set under testdata/judgements.
func judgedQueries(tb testing.TB) []string {
	tb.Helper()
	j, err := eval.LoadJSONL("judged", "../../testdata/judgements")
	if err != nil {
		tb.Fatal(err)
	}
	qs := make([]string, len(j.Queries))
	for i, q := range j.Queries {
		qs[i] = q.Query
	}
	return qs
}

// highlightCase is one hit to highlight: its match with term locations,
// its record in the careers file and the same texts as a Bleve document,
// for Bleve's highlighter.
type highlightCase struct {
	query string
	hit   *search.DocumentMatch
	doc   *storedCareer
	ref   index.Document
}

// windowHits runs each query's text query (the one Search ranks) on ix and
// returns the first window hits of each with their locations and stored
// documents, checking that they hold every hit Search shows on page one.
func windowHits(tb testing.TB, ix *Index, queries []string) []highlightCase {
	tb.Helper()
	ctx, release, err := ix.withState(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	defer release()
	var out []highlightCase
	for _, q := range queries {
		req := bleve.NewSearchRequestOptions(ix.textQuery(ix.splitSkills(ctx, q)), max(ix.opts.Rank.Window, 50), 0, false)
		req.IncludeLocations = true
		res, err := ix.idx.SearchInContext(ctx, req)
		if err != nil {
			tb.Fatalf("%q: %v", q, err)
		}
		ids := map[string]bool{}
		for _, h := range res.Hits {
			doc, err := ix.document(ctx, h.ID)
			if err != nil || doc == nil {
				tb.Fatalf("%q: document %s: %v", q, h.ID, err)
			}
			ids[h.ID] = true
			out = append(out, highlightCase{query: q, hit: h, doc: doc, ref: asBleveDocument(doc)})
		}
		shown, err := ix.Search(ctx, career.Query{Text: q})
		if err != nil {
			tb.Fatalf("%q: %v", q, err)
		}
		if shown.Corrected != "" {
			continue // the shown hits are those of the corrected words
		}
		for _, h := range shown.Hits {
			if !ids[h.ID] {
				tb.Fatalf("%q: shown hit %s is not among the %d compared", q, h.ID, len(res.Hits))
			}
		}
	}
	return out
}

// bleveFields is what the index did before highlight.go: Bleve's simple
// highlighter on each text field the hit matched.
func bleveFields(hl interface {
	BestFragmentsInField(*search.DocumentMatch, index.Document, string, int) []string
}, h *search.DocumentMatch, doc index.Document, num int, oneLine bool) map[string][]string {
	out := map[string][]string{}
	for _, f := range career.TextFields {
		if _, ok := h.Locations[f]; !ok {
			continue
		}
		frags := hl.BestFragmentsInField(h, doc, f, num)
		if oneLine {
			for i := range frags {
				frags[i] = strings.Join(strings.Fields(frags[i]), " ")
			}
		}
		if len(frags) > 0 {
			out[f] = frags
		}
	}
	return out
}

func ourFields(hl *highlighter, h *search.DocumentMatch, doc textSource) map[string][]string {
	out := map[string][]string{}
	hl.highlight(h, doc, career.TextFields, out)
	return out
}

// compareWithBleve highlights every case with both highlighters, raw and
// as hit() shows them (one line), and reports each difference.
func compareWithBleve(t *testing.T, ix *Index, cases []highlightCase) {
	t.Helper()
	size, num := ix.opts.FragmentSize, ix.opts.Fragments
	ref := bleveHighlighter(size)
	ours := newHighlighter(size, num, false)
	shown := ix.highlighter
	if shown.size != size || shown.num != num || !shown.oneLine {
		t.Fatalf("the index highlights with size %d, %d passages, one line %v; want %d, %d, true", shown.size, shown.num, shown.oneLine, size, num)
	}
	passages, marks, bad := 0, 0, 0
	for _, c := range cases {
		want := bleveFields(ref, c.hit, c.ref, num, false)
		got := ourFields(ours, c.hit, c.doc)
		if d := cmp.Diff(want, got); d != "" {
			bad++
			if bad <= 5 {
				t.Errorf("%q, %s: passages differ from Bleve's (-bleve +ours):\n%s", c.query, c.hit.ID, d)
			}
		}
		want = bleveFields(ref, c.hit, c.ref, num, true)
		if d := cmp.Diff(want, ourFields(shown, c.hit, c.doc)); d != "" {
			bad++
			if bad <= 5 {
				t.Errorf("%q, %s: one-line passages differ from Bleve's (-bleve +ours):\n%s", c.query, c.hit.ID, d)
			}
		}
		for _, ps := range got {
			passages += len(ps)
			for _, p := range ps {
				marks += strings.Count(p, markOpen)
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d hits differ", bad, len(cases))
	}
	if passages == 0 || marks == 0 {
		t.Fatalf("%d hits gave %d passages with %d marks: nothing was compared", len(cases), passages, marks)
	}
	t.Logf("%d hits, %d passages, %d marks: identical to Bleve's", len(cases), passages, marks)
}

// TestHighlightMatchesBleve checks, over the shipped corpus and every
// judged query, that the passages of every hit of the ranking window (a
// superset of the shown hits) are those Bleve's highlighter gave.
func TestHighlightMatchesBleve(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	compareWithBleve(t, ix, windowHits(t, ix, judgedQueries(t)))
}

// TestHighlightConcurrent highlights the corpus's window hits from several
// goroutines with one highlighter, as the server does: each gets what one
// goroutine alone gets (the scratch memory is per call, from a pool).
func TestHighlightConcurrent(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	cases := windowHits(t, ix, judgedQueries(t)[:20])
	want := make([]map[string][]string, len(cases))
	for i, c := range cases {
		want[i] = ourFields(ix.highlighter, c.hit, c.doc)
	}
	const workers = 4
	errs := make(chan string, workers)
	for w := 0; w < workers; w++ {
		go func() {
			for i := range cases {
				j := (i + w*len(cases)/workers) % len(cases)
				c := cases[j]
				if d := cmp.Diff(want[j], ourFields(ix.highlighter, c.hit, c.doc)); d != "" {
					errs <- fmt.Sprintf("%q, %s: differs when run concurrently:\n%s", c.query, c.hit.ID, d)
					return
				}
			}
			errs <- ""
		}()
	}
	for w := 0; w < workers; w++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// TestHighlightMatchesBleveONet does the same on the O*NET import (1,016
// careers with long duty lists, the size issue 17 measures), for the judged
// queries and a title and a task opening of every twentieth career. The
// import and the build must take less than buildBudget, or the test skips,
// as it does under the race detector, which makes them take longer.
func TestHighlightMatchesBleveONet(t *testing.T) {
	const buildBudget = 20 * time.Second
	dir := filepath.Join("..", "..", "..", "shared", "data", "onet-30.1")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the O*NET data is not here (%v); this test imports %s when it is", err, dir)
	}
	if raceEnabled {
		t.Skipf("under the race detector importing and indexing O*NET takes more than %s; the check runs without it", buildBudget)
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildBudget)
	defer cancel()
	res, err := onet.Import(dir, onet.Options{NoAliases: true})
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Skipf("importing O*NET takes more than %s here", buildBudget)
	}
	root := t.TempDir()
	if _, err := Build(ctx, root, res.Careers, BuildOptions{}); err != nil {
		if ctx.Err() != nil {
			t.Skipf("importing and indexing O*NET takes more than %s here: %v", buildBudget, err)
		}
		t.Fatal(err)
	}
	ix, err := Open(root, shippedOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	queries := judgedQueries(t)
	for i := 0; i < len(res.Careers); i += 20 {
		c := res.Careers[i]
		queries = append(queries, c.Title)
		if len(c.Duties) > 0 {
			w := strings.Fields(c.Duties[0].Name)
			queries = append(queries, strings.Join(w[:min(4, len(w))], " "))
		}
	}
	compareWithBleve(t, ix, windowHits(t, ix, queries))
}

// textField is one stored value of a test document.
type textField struct {
	name string
	ap   []uint64
	text string
}

func testDoc(fields ...textField) bleveTexts {
	d := bdoc.NewDocument("x")
	for _, f := range fields {
		d.AddField(bdoc.NewTextField(f.name, f.ap, []byte(f.text)))
	}
	return bleveTexts{d}
}

// bleveTexts is a Bleve document with stored text fields, for Bleve's
// highlighter, whose texts our highlighter reads as well.
type bleveTexts struct{ *bdoc.Document }

func (d bleveTexts) visitTexts(visit func(field string, ap []uint64, text []byte)) {
	for _, f := range d.Fields {
		if _, ok := f.(index.TextField); ok {
			visit(f.Name(), f.ArrayPositions(), f.Value())
		}
	}
}

// asBleveDocument is a record's texts as the Bleve document that stored
// them before the careers file did.
func asBleveDocument(sc *storedCareer) bleveTexts {
	d := bdoc.NewDocument(sc.id)
	sc.visitTexts(func(field string, ap []uint64, text []byte) {
		d.AddField(bdoc.NewTextField(field, ap, text))
	})
	return bleveTexts{d}
}

// loc returns the location of the first occurrence of word in text (after
// skip earlier ones), for the item ap.
func loc(tb testing.TB, text, word string, skip int, ap ...uint64) *search.Location {
	tb.Helper()
	from := 0
	for ; skip >= 0; skip-- {
		i := strings.Index(text[from:], word)
		if i < 0 {
			tb.Fatalf("%q not in %q", word, text)
		}
		from += i + len(word)
	}
	var aps search.ArrayPositions
	if len(ap) > 0 {
		aps = ap
	}
	return &search.Location{Start: uint64(from - len(word)), End: uint64(from), ArrayPositions: aps}
}

// TestHighlightCases compares the two highlighters on hand-made documents
// that reach Bleve's odd corners, and checks the passages themselves.
func TestHighlightCases(t *testing.T) {
	long := "Plans the analysis of abnormalities in samples taken from patients, and then writes the reports " +
		"that physicians read before they decide on the treatment; also trains junior staff in the laboratory " +
		"methods, keeps the instruments calibrated and orders the supplies the laboratory needs each week."
	duties := []string{
		"Reviews <samples> & writes \"reports\" for the ward's physicians.",
		"Calibrates instruments.",
		"Orders supplies   and\n\ntrains staff on samples.",
	}
	nbsp := "Works\u00a0closely with surgeons on samples, in theatre, and keeps samples labelled, counted and logged each day without fail for the audit."
	tests := []struct {
		name   string
		size   int
		num    int
		doc    bleveTexts
		field  string
		locs   search.TermLocationMap
		want   []string // nil: only compare with Bleve
		oneWay []string // the one-line form, when it differs
	}{
		{name: "short text is one fragment", size: 160, num: 3,
			doc: testDoc(textField{"title", nil, "Clinical <Lab> Scientist"}), field: "title",
			locs: search.TermLocationMap{"lab": {loc(t, "Clinical <Lab> Scientist", "Lab", 0)}},
			want: []string{"Clinical &lt;<mark>Lab</mark>&gt; Scientist"}},
		{name: "long text, word edges", size: 60, num: 3,
			doc: testDoc(textField{"summary", nil, long}), field: "summary",
			locs: search.TermLocationMap{
				"abnorm":  {loc(t, long, "abnormalities", 0)},
				"laborat": {loc(t, long, "laboratory", 0), loc(t, long, "laboratory", 1)},
				"report":  {loc(t, long, "reports", 0)},
			}},
		{name: "multi-valued field, escaping, overlap across items", size: 30, num: 3,
			doc: testDoc(textField{"duties", []uint64{0}, duties[0]}, textField{"duties", []uint64{1}, duties[1]},
				textField{"duties", []uint64{2}, duties[2]}), field: "duties",
			locs: search.TermLocationMap{
				"sampl":  {loc(t, duties[0], "samples", 0, 0), loc(t, duties[2], "samples", 0, 2)},
				"report": {loc(t, duties[0], "reports", 0, 0)},
				"staff":  {loc(t, duties[2], "staff", 0, 2)},
			}},
		{name: "merge of locations overlapping the first", size: 40, num: 2,
			doc: testDoc(textField{"summary", nil, long}), field: "summary",
			locs: search.TermLocationMap{
				"plan":  {{Start: 0, End: 5}},
				"plans": {{Start: 2, End: 9}},
				"the":   {{Start: 6, End: 9}},
				"analy": {loc(t, long, "analysis", 0)},
			}},
		{name: "merge that shortens the first mark", size: 40, num: 2,
			doc: testDoc(textField{"summary", nil, long}), field: "summary",
			locs: search.TermLocationMap{
				"plans the": {{Start: 0, End: 9}},
				"lan":       {{Start: 2, End: 5}},
				"he":        {{Start: 7, End: 9}},
			},
			want: []string{"<mark>Plans</mark> t<mark>he</mark> analysis of abnormalities in…"}},
		{name: "a location merged into the first stays unmarked outside it", size: 3, num: 1,
			doc: testDoc(textField{"summary", nil, long}), field: "summary",
			locs: search.TermLocationMap{
				"plans the": {{Start: 0, End: 9}},
				"ans":       {{Start: 2, End: 5}},
			},
			want: []string{"…ans…"}},
		{name: "no-break space and paragraph breaks", size: 50, num: 3,
			doc: testDoc(textField{"workplace", nil, nbsp}, textField{"duties", []uint64{0}, duties[2]}), field: "workplace",
			locs: search.TermLocationMap{"sampl": {loc(t, nbsp, "samples", 0), loc(t, nbsp, "samples", 1)}}},
		{name: "field matched with no locations", size: 50, num: 3,
			doc: testDoc(textField{"summary", nil, long}), field: "summary", locs: search.TermLocationMap{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := &search.DocumentMatch{ID: "x", Locations: search.FieldTermLocationMap{tc.field: tc.locs}}
			want := bleveHighlighter(tc.size).BestFragmentsInField(h, tc.doc, tc.field, tc.num)
			got := map[string][]string{}
			newHighlighter(tc.size, tc.num, false).highlight(h, tc.doc, career.TextFields, got)
			if d := cmp.Diff(want, got[tc.field]); d != "" {
				t.Fatalf("differs from Bleve (-bleve +ours):\n%s", d)
			}
			if tc.want != nil {
				if d := cmp.Diff(tc.want, got[tc.field]); d != "" {
					t.Errorf("passages (-want +got):\n%s", d)
				}
			}
			one := map[string][]string{}
			newHighlighter(tc.size, tc.num, true).highlight(h, tc.doc, career.TextFields, one)
			for i := range want {
				want[i] = strings.Join(strings.Fields(want[i]), " ")
			}
			if d := cmp.Diff(want, one[tc.field]); d != "" {
				t.Fatalf("one line differs (-bleve +ours):\n%s", d)
			}
			checkPassages(t, tc.doc, tc.field, got[tc.field])
		})
	}
}

// checkPassages checks that each passage has balanced, unnested marks and,
// with the marks and "…" taken out and the escaping undone, is a piece of
// one of the field's stored values.
func checkPassages(tb testing.TB, doc textSource, field string, passages []string) {
	tb.Helper()
	var texts []string
	doc.visitTexts(func(name string, _ []uint64, text []byte) {
		if name == field {
			texts = append(texts, string(text))
		}
	})
	for _, p := range passages {
		depth := 0
		for rest := p; rest != ""; {
			o, c := strings.Index(rest, markOpen), strings.Index(rest, markClose)
			switch {
			case o < 0 && c < 0:
				rest = ""
			case o >= 0 && (c < 0 || o < c):
				depth++
				rest = rest[o+len(markOpen):]
			default:
				depth--
				rest = rest[c+len(markClose):]
			}
			if depth < 0 || depth > 1 {
				tb.Fatalf("unbalanced marks in %q", p)
			}
		}
		if depth != 0 {
			tb.Fatalf("unclosed mark in %q", p)
		}
		plain := strings.NewReplacer(markOpen, "", markClose, "").Replace(p)
		plain = strings.TrimSuffix(strings.TrimPrefix(plain, passageCut), passageCut)
		plain = html.UnescapeString(plain)
		if !slices.ContainsFunc(texts, func(t string) bool { return strings.Contains(t, plain) }) {
			tb.Fatalf("passage %q is not in the text %q", p, texts)
		}
	}
}

// FuzzHighlight cuts random text (one to three items) at random term
// locations: the highlighter must not panic, its marks must balance, what
// it shows must come from the text, and it must agree with Bleve's.
func FuzzHighlight(f *testing.F) {
	f.Add("Plans the analysis of abnormalities in samples taken from patients.", []byte{4, 12, 30, 45, 1, 9}, uint8(20), uint8(3))
	f.Add("a <b> & \"c\" 'd'\n\ne f g h i j k l m n o p q r s t u v w x y z", []byte{2, 3, 0, 1, 9, 10, 2, 3}, uint8(8), uint8(2))
	f.Add("naïve café\u00a0résumé über straße ½ \xff\xfe broken", []byte{0, 6, 7, 12, 12, 20, 30, 36}, uint8(6), uint8(5))
	f.Add("", []byte{0, 0}, uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, text string, cuts []byte, size, num uint8) {
		if size == 0 || len(cuts) > 64 {
			return
		}
		// Up to three items of the field, split off the text at '|'.
		items := strings.SplitN(text, "|", 3)
		fields := make([]textField, len(items))
		multi := len(items) > 1
		for i, it := range items {
			fields[i] = textField{name: career.FieldDuties, text: it}
			if multi {
				fields[i].ap = []uint64{uint64(i)}
			}
		}
		// Each pair of bytes is a location: the item by the first, start and
		// end within the item by both; the term by the pair's parity.
		tlm := search.TermLocationMap{}
		seen := map[[3]int]bool{}
		for i := 0; i+1 < len(cuts); i += 2 {
			item := int(cuts[i]) % len(items)
			n := len(items[item])
			a, b := int(cuts[i])%(n+1), int(cuts[i+1])%(n+1)
			if a > b {
				a, b = b, a
			}
			// One token per position, as the analyser makes: no two
			// locations of the item start at the same byte.
			key := [3]int{item, a, 0}
			if seen[key] {
				continue
			}
			seen[key] = true
			term := []string{"p", "q", "r"}[(a+b)%3]
			l := &search.Location{Start: uint64(a), End: uint64(b)}
			if multi {
				l.ArrayPositions = search.ArrayPositions{uint64(item)}
			}
			tlm[term] = append(tlm[term], l)
		}
		doc := testDoc(fields...)
		h := &search.DocumentMatch{ID: "x", Locations: search.FieldTermLocationMap{career.FieldDuties: tlm}}
		got := map[string][]string{}
		newHighlighter(int(size), int(num%4)+1, false).highlight(h, doc, career.TextFields, got)
		for _, p := range got[career.FieldDuties] {
			if !utf8.ValidString(text) {
				break // a cut inside a broken rune is not a piece of the text
			}
			checkPassages(t, doc, career.FieldDuties, []string{p})
		}
		want := bleveHighlighter(int(size)).BestFragmentsInField(h, doc, career.FieldDuties, int(num%4)+1)
		if d := cmp.Diff(want, got[career.FieldDuties]); d != "" && !(len(want) == 0 && got[career.FieldDuties] == nil) {
			t.Fatalf("differs from Bleve (-bleve +ours):\n%s", d)
		}
		one := map[string][]string{}
		newHighlighter(int(size), int(num%4)+1, true).highlight(h, doc, career.TextFields, one)
		for i := range want {
			want[i] = strings.Join(strings.Fields(want[i]), " ")
		}
		if d := cmp.Diff(want, one[career.FieldDuties]); d != "" && !(len(want) == 0 && one[career.FieldDuties] == nil) {
			t.Fatalf("one line differs from Bleve's (-bleve +ours):\n%s", d)
		}
	})
}

// BenchmarkHighlight highlights the window hits of every judged query on
// the shipped corpus, with Bleve's simple highlighter as the index used it
// and with ours, one line each as the shown hits get them:
//
//	go test -run '^$' -bench Highlight -count 5 ./internal/bleveindex
//
// ns/op and allocs/op are per hit.
func BenchmarkHighlight(b *testing.B) {
	ix := mustBuild(b, "../../corpus", corpus.Editorial)
	cases := windowHits(b, ix, judgedQueries(b))
	size, num := ix.opts.FragmentSize, ix.opts.Fragments
	b.Run("bleve", func(b *testing.B) {
		ref := bleveHighlighter(size)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c := cases[i%len(cases)]
			c.hit.Fragments = nil
			bleveFields(ref, c.hit, c.ref, num, true)
		}
	})
	b.Run("ours", func(b *testing.B) {
		hl := newHighlighter(size, num, true)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c := cases[i%len(cases)]
			ourFields(hl, c.hit, c.doc)
		}
	})
}
