package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// The text output names, under each explained hit, the fields that matched
// and what raised it for what it shares with the first hits.
func TestPrintResultExplains(t *testing.T) {
	res := &career.Result{Query: "trim client hair", Total: 1, Page: 1, Size: 10, Hits: []career.Hit{{
		ID: "39-5011.00", Title: "Barbers", Category: "Personal Care", Score: 6.5,
		Explain: []career.Explanation{{Field: "duties", Matched: []string{"trim", "hair"}, Via: "word", Share: 0.67}},
		Raised: []career.Raise{
			{By: career.RaisedByRelated, Factor: 2.2, Careers: []career.CareerRef{{ID: "a", Title: "Hairdressers, Hairstylists, and Cosmetologists"}, {ID: "b", Title: "Skincare Specialists"}}},
			{By: career.RaisedByFeedback, Factor: 1.71, Words: []string{"clippers", "scissors"}},
		},
	}}}
	var out bytes.Buffer
	printResult(&out, res, false)
	for _, want := range []string{
		"    why: duties matched trim, hair (word), 67% of the score\n",
		"    raised ×2.2: related to Hairdressers, Hairstylists, and Cosmetologists; Skincare Specialists, among the first hits\n",
		"    raised ×1.71: holds clippers, scissors, words of the first hits' best duties\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
