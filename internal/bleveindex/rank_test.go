package bleveindex

import (
	"context"
	"testing"

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
	r := &ranker{avgDutyLen: 10, weights: []float64{2, 1}, totalIDF: 3,
		tf: map[elementBit]int{{0, 1}: 1, {0, 2}: 1, {1, 1}: 1}}
	whole := r.dutyBM25(0, 10)
	half := r.dutyBM25(1, 10)
	longer := r.dutyBM25(0, 40)
	if !(whole > half && whole > longer && whole <= 1 && half > 0) {
		t.Errorf("dutyBM25: whole %v, rarer word only %v, four times as long %v; want whole > each, within (0, 1]", whole, half, longer)
	}
}
