package web

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// A career with a hundred alternate titles shows a dozen, those holding a
// word of the search first, and folds the rest away; a few are never
// folded.
func TestAliasesFold(t *testing.T) {
	var list []string
	for i := range 40 {
		list = append(list, fmt.Sprintf("Title %d", i))
	}
	list = append(list, "Grease Monkey")
	shown, more := aliases(queryTerms("grease"), list)
	if len(shown) != shownAliases || len(more) != len(list)-shownAliases {
		t.Fatalf("%d shown, %d folded; want %d and %d", len(shown), len(more), shownAliases, len(list)-shownAliases)
	}
	if !strings.Contains(string(shown[0]), "<mark>Grease</mark>") {
		t.Errorf("first alias shown %q, want the one holding the searched word", shown[0])
	}
	if shown[1] != template.HTML("Title 0") {
		t.Errorf("second alias shown %q, want the career's first", shown[1])
	}
	shown, more = aliases(queryTerms(""), list[:shownAliases+2])
	if len(shown) != shownAliases+2 || more != nil {
		t.Errorf("%d aliases: %d shown, %d folded; want all shown", shownAliases+2, len(shown), len(more))
	}
}

// Item names that several duties share are kinds, shown as a label after
// the duty; a name of its own stays the duty's heading.
func TestDutyLabels(t *testing.T) {
	got := items(queryTerms(""), []career.Item{
		{Name: "Core task", Description: "Inspect wiring."},
		{Name: "Core task", Description: "Fit sockets."},
		{Name: "Supplemental task", Description: "Train apprentices."},
		{Name: "Quote jobs", Description: "Price the work."},
	})
	if got[0].Label != "Core task" || got[0].Name != "" || got[1].Label != "Core task" {
		t.Errorf("shared names: %+v %+v, want labels", got[0], got[1])
	}
	if got[2].Label != "" || got[2].Name != "Supplemental task" || got[3].Name != "Quote jobs" {
		t.Errorf("names of their own: %+v %+v, want headings", got[2], got[3])
	}
}

// A search that finds nothing says so truthfully: words spelled right that
// no career holds are named; otherwise a typo is likely.
func TestNoResultsAndNotices(t *testing.T) {
	for _, tt := range []struct {
		res            career.Result
		notice, absent string
	}{
		{career.Result{Missing: []string{"psychology"}}, "", "No career here mentions “psychology”. Try other words for what you are looking for."},
		{career.Result{Missing: []string{"night", "owl"}}, "", "No career here mentions “night” or “owl”. Try other words for what you are looking for."},
		{career.Result{}, "", "Check the spelling, or try fewer or more general words."},
		{career.Result{Total: 3, Missing: []string{"night"}}, "No career here mentions “night”; these careers match your other words.", ""},
		{career.Result{Total: 3, UnclosedQuote: 7}, "The quote mark in your search is never closed, so its words were searched one by one.", ""},
		{career.Result{Total: 3, Meant: []career.Meaning{{Typed: "grease monkey", Searched: "mechanic"}}}, "Searched “grease monkey” as “mechanic”.", ""},
		{career.Result{Meant: []career.Meaning{{Typed: "own boss", Searched: "self employed"}}}, "", "Searched “own boss” as “self employed”, and no career here mentions it. Try other words for what you are looking for."},
	} {
		if got := notice(&tt.res); got != tt.notice {
			t.Errorf("notice(%+v) = %q, want %q", tt.res, got, tt.notice)
		}
		if tt.absent != "" {
			if got := noResults(&tt.res); got != tt.absent {
				t.Errorf("noResults(%+v) = %q, want %q", tt.res, got, tt.absent)
			}
		}
	}
}
