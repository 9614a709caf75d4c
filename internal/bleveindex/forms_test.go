package bleveindex

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// Other forms of a query's words find the careers that use them, and the
// explanation says the word matched in another form.
func TestWordFormsFindOtherForms(t *testing.T) {
	careers := []*career.Career{
		testCareer("inspectors", "Building Inspectors", "Building inspectors visit sites to check that wiring and pipes follow the code.",
			"Check wiring in new homes.", "Write reports for owners."),
		testCareer("clerks", "Records Clerks", "Records clerks keep files in order.",
			"File the inspection reports of other staff.", "Answer the phone."),
		testCareer("surveyors", "Land Surveyors", "Surveyors measure land.",
			"Survey plots before building starts.", "Draw maps."),
	}
	forms := career.WordForms{
		"inspection": {"inspect", "inspector"},
		"inspector":  {"inspect", "inspection"},
		// "surveying" stems to "survey" already: only "surveyor" is kept.
		"survey": {"surveying", "surveyor"},
		// "piping" stems to "pipe", and the corpus lacks "pipework".
		"pipe": {"piping", "pipework"},
	}
	ix := buildWith(t, careers, BuildOptions{Forms: forms}, nil)
	want := map[string][]string{"inspect": {"inspector"}, "inspector": {"inspect"}, "survey": {"surveyor"}}
	if !reflect.DeepEqual(ix.forms, want) {
		t.Errorf("forms table %v, want %v", ix.forms, want)
	}
	ctx := context.Background()
	res, err := ix.Search(ctx, career.Query{Text: "inspector", Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); len(got) != 2 || got[0] != "inspectors" || got[1] != "clerks" {
		t.Fatalf("inspector: %v, want [inspectors clerks]: the clerks' duties say \"inspection\"", got)
	}
	var how []string
	for _, e := range res.Hits[1].Explain {
		how = append(how, e.Field+":"+strings.Join(e.Matched, ",")+":"+e.Via)
	}
	if !slices.Contains(how, "duties:inspection:stem") {
		t.Errorf("clerks explained as %v, want duties matched \"inspection\" via stem", how)
	}

	off := buildWith(t, careers, BuildOptions{Forms: forms}, func(o *Options) { o.Rank.FormWeight = 0 })
	res, err = off.Search(ctx, career.Query{Text: "inspector"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !reflect.DeepEqual(got, []string{"inspectors"}) {
		t.Errorf("form_weight 0: %v, want only the inspectors", got)
	}
}

// Feedback reorders what a task query matches, with the words of the duty
// that answers it best; it adds no match and highlights none of its words.
func TestFeedbackReordersTaskQueries(t *testing.T) {
	careers := []*career.Career{
		testCareer("buyer", "Purchasing Agents", "Purchasing agents buy what a firm needs.",
			"Acquire supplies and equipment through purchase orders sent to vendors.", "Compare bids."),
		testCareer("stock", "Stock Clerks", "Stock clerks keep shelves full.",
			"Send purchase orders for paper supplies to vendors.", "Count stock."),
		testCareer("nurse", "Ward Nurses", "Ward nurses care for patients.",
			"Acquire patient histories at admission.", "Hand out supplies of medicine."),
		testCareer("cook", "Line Cooks", "Line cooks prepare meals.", "Chop vegetables.", "Acquire knife skills."),
		// Careers the query does not match: feedback ignores words held
		// by half the careers or more, and a corpus of four is too small.
		testCareer("pilot", "Pilots", "Pilots fly planes.", "Check the weather.", "Land safely."),
		testCareer("poet", "Poets", "Poets write verse.", "Read widely.", "Revise drafts."),
		testCareer("miner", "Miners", "Miners dig coal.", "Drill rock.", "Shore up tunnels."),
		testCareer("baker", "Bakers", "Bakers bake bread.", "Knead dough.", "Light ovens."),
	}
	tune := func(terms int) func(*Options) {
		return func(o *Options) {
			o.Rank.TaskMinOpenings = 1 // "acquire" opens two duties here
			o.Rank.FeedbackTerms = terms
		}
	}
	q := career.Query{Text: "acquire supplies"}
	ctx := context.Background()
	plain, err := buildWith(t, careers, BuildOptions{}, tune(0)).Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// The cooks' "acquire" outranks the stock clerks' "supplies"...
	if got := ids(plain); slices.Index(got, "cook") > slices.Index(got, "stock") {
		t.Fatalf("without feedback: %v; the test needs the cooks above the stock clerks", got)
	}
	fed, err := buildWith(t, careers, BuildOptions{}, tune(10)).Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	got := ids(fed)
	// ... until the buyer's duty, which says it all, lends its words.
	if got[0] != "buyer" || slices.Index(got, "stock") > slices.Index(got, "cook") {
		t.Errorf("with feedback: %v, want the buyer first and the stock clerks (purchase orders, vendors) above the cooks", got)
	}
	if fed.Total != plain.Total || !reflect.DeepEqual(sorted(got), sorted(ids(plain))) {
		t.Errorf("feedback changed what matches: %v (%d) vs %v (%d)", got, fed.Total, ids(plain), plain.Total)
	}
	explained, err := buildWith(t, careers, BuildOptions{}, tune(10)).Search(ctx, career.Query{Text: q.Text, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.Index(ids(explained), "stock"); i < 0 {
		t.Errorf("explained: %v, want the stock clerks", ids(explained))
	}
	for _, h := range explained.Hits {
		if h.ID != "stock" {
			continue
		}
		// The stock clerks hold "purchase", "orders" and "vendors" of the
		// buyer's duty, as the duty writes them.
		if len(h.Raised) != 1 || h.Raised[0].By != career.RaisedByFeedback || h.Raised[0].Factor <= 1 ||
			!slices.Contains(h.Raised[0].Words, "vendors") || !slices.Contains(h.Raised[0].Words, "purchase") {
			t.Errorf("stock clerks raised %+v, want feedback with the words purchase and vendors", h.Raised)
		}
	}
	for _, h := range fed.Hits {
		if h.Raised != nil {
			t.Errorf("%s raised %+v without explain", h.ID, h.Raised)
		}
		for f, frags := range h.Highlights {
			for _, frag := range frags {
				if strings.Contains(frag, "<mark>purchase") || strings.Contains(frag, "<mark>vendor") {
					t.Errorf("%s %s highlights a feedback word: %s", h.ID, f, frag)
				}
			}
		}
	}
}

// sameRefs reports whether a and b name the same careers, in any order.
func sameRefs(a, b []career.CareerRef) bool {
	key := func(rs []career.CareerRef) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.ID + "=" + r.Title
		}
		return sorted(out)
	}
	return reflect.DeepEqual(key(a), key(b))
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// A career that the first hits list as related rises above one that
// matches as well but that no good answer points to; related_docs 0
// leaves the order to the words.
func TestRelatedCareersOfTheFirstHitsRise(t *testing.T) {
	withLinks := func(c *career.Career, related ...string) *career.Career {
		c.Related = related
		return c
	}
	careers := []*career.Career{
		withLinks(testCareer("nurse", "Ward Nurses", "Ward nurses care for patients on a hospital ward.",
			"Give patients their medicine.", "Record patient vital signs."), "aide"),
		withLinks(testCareer("midwife", "Midwives", "Midwives care for patients before and after birth.",
			"Check patients during labour.", "Teach new parents."), "aide"),
		// The drivers say "patients" twice, the aides once.
		testCareer("aide", "Care Aides", "Care aides help.", "Help patients wash.", "Make beds."),
		testCareer("driver", "Ambulance Drivers", "Ambulance drivers drive patients.", "Drive patients to hospital.", "Clean the van."),
		testCareer("pilot", "Pilots", "Pilots fly planes.", "Check the weather.", "Land safely."),
	}
	q := career.Query{Text: "patients"}
	ctx := context.Background()
	rank := func(docs int) []string {
		ix := buildWith(t, careers, BuildOptions{}, func(o *Options) { o.Rank.RelatedDocs, o.Rank.RelatedWeight = docs, 2 })
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return ids(res)
	}
	off, on := rank(0), rank(3)
	// Explained, the aides say which first hits they are linked with, and
	// by how much: two links (the nurses' and the midwives' lists) of the
	// first three hits at weight 2 make 1 + 2×2/3.
	ix := buildWith(t, careers, BuildOptions{}, func(o *Options) { o.Rank.RelatedDocs, o.Rank.RelatedWeight = 3, 2 })
	res, err := ix.Search(ctx, career.Query{Text: q.Text, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ids(res), "aide") {
		t.Fatalf("explained: %v, want the aides", ids(res))
	}
	for _, h := range res.Hits {
		switch h.ID {
		case "aide":
			want := []career.Raise{{By: career.RaisedByRelated, Factor: 2.33, Careers: []career.CareerRef{{ID: "nurse", Title: "Ward Nurses"}, {ID: "midwife", Title: "Midwives"}}}}
			if got := h.Raised; len(got) != 1 || got[0].Factor != want[0].Factor || !sameRefs(got[0].Careers, want[0].Careers) {
				t.Errorf("aides raised %+v, want %+v", got, want)
			}
		case "driver", "pilot":
			if h.Raised != nil {
				t.Errorf("%s raised %+v; no first hit lists it", h.ID, h.Raised)
			}
		}
	}
	if slices.Index(off, "driver") > slices.Index(off, "aide") {
		t.Fatalf("related_docs 0: %v; the test needs the drivers above the aides on words alone", off)
	}
	if slices.Index(on, "aide") > slices.Index(on, "driver") {
		t.Errorf("related_docs 3: %v, want the aides, listed by the nurses and the midwives, above the drivers", on)
	}
	if !reflect.DeepEqual(sorted(on), sorted(off)) {
		t.Errorf("the boost changed what matches: %v vs %v", on, off)
	}
}
