package bleveindex

import (
	"context"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/careersearch/careers/internal/career"
)

// A short duty that is about the query outranks a long one that mentions
// the same words in passing, other things equal.
func TestDutyBM25PrefersTheDutyAboutTheQuery(t *testing.T) {
	filler := "Keeps shared folders tidy, answers the team's questions about schedules, orders supplies, books rooms and greets visitors at the front desk; also"
	careers := []*career.Career{
		testCareer("short", "Office Assistant", filler+" helps an office run, day in and day out, in every season of the working year.",
			"Calibrate laboratory scales.",
			"File reports.", "Answer the phone."),
		testCareer("long", "Office Helper", "Helps an office run.",
			filler+" may calibrate laboratory scales when asked to.",
			"File reports.", "Answer the phone."),
	}
	ix := buildWith(t, careers, BuildOptions{}, nil)
	if ix.avgDutyLen <= 0 || len(ix.dutyLens["long"]) != 3 {
		t.Fatalf("duty lengths not loaded: mean %v, long %v", ix.avgDutyLen, ix.dutyLens["long"])
	}
	res, err := ix.Search(context.Background(), career.Query{Text: "calibrate laboratory scales"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); len(got) != 2 || got[0] != "short" {
		t.Errorf("order %v, want the short duty's career first", got)
	}
	// Without duty lengths (a generation built before they were stored)
	// both duties hold the whole query, and the shorter career text wins.
	ix.avgDutyLen = 0
	res, err = ix.Search(context.Background(), career.Query{Text: "calibrate laboratory scales"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); len(got) != 2 || got[0] != "long" {
		t.Errorf("without duty lengths: order %v, want long first (the test needs the base score to favour it)", got)
	}

	// Duty 0 holds both query words, duty 1 only the rarer one.
	r := &ranker{avgDutyLen: 10, weights: []float64{2, 1}, totalIDF: 3}
	duty0, duty1 := []int{1, 1}, []int{1, 0}
	whole := r.dutyBM25(duty0, 10, 0)
	half := r.dutyBM25(duty1, 10, 0)
	longer := r.dutyBM25(duty0, 40, 0)
	if !(whole > half && whole > longer && whole <= 1 && half > 0) {
		t.Errorf("dutyBM25: whole %v, rarer word only %v, four times as long %v; want whole > each, within (0, 1]", whole, half, longer)
	}
	// The rarer word only in another form counts formWeight of itself.
	r.formWeight = 0.5
	if inForm := r.dutyBM25(duty1, 10, 1); math.Abs(inForm-half/2) > 1e-12 {
		t.Errorf("dutyBM25 with the word in another form: %v, want half of %v", inForm, half)
	}
}

func TestDutyStarts(t *testing.T) {
	ix := buildWith(t, []*career.Career{testCareer("x", "X", "x")}, BuildOptions{}, nil)
	c := &career.Career{Duties: []career.Item{
		{Name: "Core task", Description: "Measure parts with gauges."},
		{Name: "Measure parts"},
		{Name: "The core task", Description: "Record results."}, // "the" is a stop word, but keeps its position
	}}
	if _, got := dutyShape(ix.analyzer, c); got != "3 0 4" {
		t.Errorf("dutyStarts = %q, want \"3 0 4\"", got)
	}
}

// A task query whose verb opens a duty (or its description) counts that
// duty's coverage higher than the same words in another order.
func TestTaskVerbOpeningADuty(t *testing.T) {
	r := &ranker{weights: []float64{1, 2}, totalIDF: 3, avgDutyLen: 6, task: true,
		bit: map[string]uint64{"measur": 1, "part": 2}}
	duty := func(verbPos uint64) search.FieldTermLocationMap {
		return search.FieldTermLocationMap{career.FieldDuties: search.TermLocationMap{
			"measur": {{Pos: verbPos, ArrayPositions: []uint64{0}}},
			"part":   {{Pos: 2, ArrayPositions: []uint64{0}}},
		}}
	}
	lens, starts := []int{6}, []int{3} // one duty of six terms; its description starts at 3
	atStart := r.similarityOf(occsOf(duty(1)), nil, lens, starts).item
	atDescription := r.similarityOf(occsOf(duty(3)), nil, lens, starts).item
	inside := r.similarityOf(occsOf(duty(5)), nil, lens, starts).item
	if !(atStart > inside && atDescription > inside && inside > 0) {
		t.Errorf("coverage with the verb first %v, opening the description %v, inside %v; want both openings above inside", atStart, atDescription, inside)
	}
	r.task = false
	if plain := r.similarityOf(occsOf(duty(1)), nil, lens, starts).item; plain != inside {
		t.Errorf("a query that does not read as a task: %v, want %v (no bonus)", plain, inside)
	}
}

func TestCloseness(t *testing.T) {
	at := func(pairs ...uint64) []wordAt {
		var ws []wordAt
		for i := 0; i < len(pairs); i += 2 {
			ws = append(ws, wordAt{pos: pairs[i], bit: pairs[i+1]})
		}
		return ws
	}
	tests := []struct {
		name string
		ws   []wordAt
		want float64
	}{
		{"SideBySide", at(3, 1, 4, 2, 5, 4), 1},
		{"OutOfOrder", at(5, 4, 3, 1, 4, 2), 1},
		{"OneBetween", at(1, 1, 3, 2), 2.0 / 3},
		{"ShortestStretchCounts", at(1, 1, 9, 2, 10, 1), 1},
		{"ThreeWordsOverSix", at(1, 1, 4, 2, 6, 4), 0.5},
		{"OneWordOnly", at(1, 1, 7, 1), 0},
		{"Nothing", nil, 0},
		// A related word stands for two query words at once.
		{"AliasForTwo", at(2, 3, 3, 4), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := closeness(tt.ws); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("closeness = %v, want %v", got, tt.want)
			}
		})
	}
}

// A duty that holds the words of a longer query close together covers it
// better than one that holds them far apart; two-word queries are left to
// the phrase clause.
func TestProximityRaisesACloseDuty(t *testing.T) {
	rankerFor := func(words int, proximity float64) *ranker {
		r := &ranker{weights: []float64{1, 1, 1}[:words], totalIDF: float64(words), avgDutyLen: 12,
			bit: map[string]uint64{"inspect": 1, "weld": 2, "joint": 4}, proximity: proximity}
		return r
	}
	duty := func(positions ...uint64) search.FieldTermLocationMap {
		m := search.TermLocationMap{}
		for i, term := range []string{"inspect", "weld", "joint"}[:len(positions)] {
			m[term] = search.Locations{{Pos: positions[i], ArrayPositions: []uint64{0}}}
		}
		return search.FieldTermLocationMap{career.FieldDuties: m}
	}
	lens := []int{12}
	r := rankerFor(3, 0.2)
	near := r.similarityOf(occsOf(duty(1, 2, 3)), nil, lens, nil).item
	far := r.similarityOf(occsOf(duty(1, 6, 11)), nil, lens, nil).item
	off := rankerFor(3, 0).similarityOf(occsOf(duty(1, 2, 3)), nil, lens, nil).item
	if !(near > far && far > off && off > 0) {
		t.Errorf("coverage: words side by side %v, far apart %v, proximity off %v; want side by side > far apart > off", near, far, off)
	}
	if want := off * (1.2 * 1.2); math.Abs(near-want) > 1e-12 {
		t.Errorf("side by side: %v, want (1 + 0.2)² × %v (the share is squared)", near, off)
	}
}

// occsOf turns locations as a test writes them into the ranker's
// occurrences.
func occsOf(locs search.FieldTermLocationMap) []occ {
	return occurrencesOf(&search.DocumentMatch{Locations: locs}, nil)
}
