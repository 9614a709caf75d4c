package web

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/careersearch/careers/internal/career"
)

// maxWhy bounds the fields named in a hit's "Why:" line.
const maxWhy = 3

// whyFields name the fields in the "Why:" line, in plain words; a field
// missing here is named as it is. static/app.js uses the same words.
var whyFields = map[string]string{
	career.FieldTitle:           "title",
	career.FieldAliases:         "other titles",
	career.FieldSpecialisations: "specialisations",
	career.FieldDuties:          "duties",
	career.FieldSummary:         "summary",
	career.FieldWorkplace:       "workplace",
	career.FieldSkills:          "skills",
}

// whyVias say how the words matched, after the words; "word" (as typed)
// and any unknown way say nothing. static/app.js uses the same words.
var whyVias = map[string]string{
	"phrase":  " as a phrase",
	"stem":    " in another form",
	"typo":    " after a spelling fix",
	"part":    " as part of a longer word",
	"synonym": " through a synonym",
	"related": " through a related job name",
}

// maxRaiseNames bounds the careers or words named for one raise; more are
// counted ("and 2 more").
const maxRaiseNames = 3

// whyLine says in plain words why a hit matched, from its explanation:
//
//	Why: duties — “medical imaging” as a phrase (62%) · title — “imaging” (25%)
//
// The fields go by share of the score, largest first (ties keep the
// index's order), at most maxWhy of them; shares are whole percents. A
// field that matched no word is left out, and a word repeated in a field is
// named once. What raised the hit for what it shares with the first hits
// follows, in the order given:
//
//	· related to “Barbers”, “Skincare Specialists” among the first hits (×2.2)
//	· shares “clippers”, “scissors” with the first hits’ best duties (×1.71)
//
// It returns "" for a hit without an explanation.
// static/app.js (whyLine) words it the same way.
func whyLine(hit career.Hit) string {
	exps := make([]career.Explanation, 0, len(hit.Explain))
	for _, e := range hit.Explain {
		if e.Matched = uniqueNonEmpty(e.Matched); len(e.Matched) > 0 {
			exps = append(exps, e)
		}
	}
	sort.SliceStable(exps, func(i, j int) bool { return clampShare(exps[i].Share) > clampShare(exps[j].Share) })
	var parts []string
	for _, e := range exps[:min(len(exps), maxWhy)] {
		field, ok := whyFields[e.Field]
		if !ok {
			field = e.Field
		}
		var quoted string
		if e.Via == "phrase" {
			quoted = "“" + strings.Join(e.Matched, " ") + "”"
		} else {
			quoted = "“" + strings.Join(e.Matched, "”, “") + "”"
		}
		pct := strconv.Itoa(int(math.Round(clampShare(e.Share) * 100)))
		parts = append(parts, field+" — "+quoted+whyVias[e.Via]+" ("+pct+"%)")
	}
	for _, r := range hit.Raised {
		var names []string
		var before, after string
		switch r.By {
		case career.RaisedByRelated:
			for _, c := range r.Careers {
				names = append(names, c.Title)
			}
			before, after = "related to ", " among the first hits"
		case career.RaisedByFeedback:
			names = r.Words
			before, after = "shares ", " with the first hits’ best duties"
		}
		if names = uniqueNonEmpty(names); len(names) == 0 || !(r.Factor > 1) {
			continue
		}
		quoted := "“" + strings.Join(names[:min(len(names), maxRaiseNames)], "”, “") + "”"
		if more := len(names) - maxRaiseNames; more > 0 {
			quoted += " and " + strconv.Itoa(more) + " more"
		}
		factor := strconv.FormatFloat(math.Round(r.Factor*100)/100, 'f', -1, 64)
		parts = append(parts, before+quoted+after+" (×"+factor+")")
	}
	if len(parts) == 0 {
		return ""
	}
	return "Why: " + strings.Join(parts, " · ")
}

// clampShare clamps a share of the score to 0..1 (0 for NaN).
func clampShare(s float64) float64 {
	switch {
	case !(s > 0):
		return 0
	case s > 1:
		return 1
	}
	return s
}
