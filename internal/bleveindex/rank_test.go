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
	if ix.avgDutyLen <= 0 || len(ix.dutyLensOf("long")) != 3 {
		t.Fatalf("duty lengths not loaded: mean %v, long %v", ix.avgDutyLen, ix.dutyLensOf("long"))
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
