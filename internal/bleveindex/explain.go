package bleveindex

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/rank"
)

// queryWords ties the index terms of a query back to the words the user
// typed, and says how each word got there.
type queryWords struct {
	terms []string          // distinct analysed terms, in query order
	typed map[string]string // term -> the word as typed (or as corrected)
	via   map[string]string // term -> "typo", "synonym", "related" or "stem" when not typed as is
}

func (ix *Index) queryWords(text string, via map[string]string) *queryWords {
	qw := &queryWords{terms: ix.analyze(text), typed: map[string]string{}, via: map[string]string{}}
	for _, w := range words(text) {
		for _, t := range ix.analyze(w) {
			if _, ok := qw.typed[t]; !ok {
				qw.typed[t] = w
				if v, ok := via[w]; ok {
					qw.via[t] = v
				}
			}
		}
	}
	alternatives := func(phrases []string, how string) {
		for _, alt := range phrases {
			for _, w := range words(alt) {
				for _, t := range ix.analyze(w) {
					if _, ok := qw.typed[t]; !ok {
						qw.typed[t] = w
						qw.via[t] = how
						qw.terms = append(qw.terms, t)
					}
				}
			}
		}
	}
	alternatives(phrases(ix.synonyms(text)), "synonym")
	alternatives(ix.relatedWords(text), "related")
	// Other forms of the words ("inspector" for "inspection") are the
	// words in another form, as stems are.
	if ix.opts.Rank.FormWeight > 0 {
		for _, t := range qw.terms {
			for _, f := range ix.forms[t] {
				if _, ok := qw.typed[f]; !ok {
					qw.typed[f] = ix.formWord[f]
					qw.via[f] = "stem"
					qw.terms = append(qw.terms, f)
				}
			}
		}
	}
	return qw
}

// explain tells, for each field of a hit, which query words it matched,
// how, and an estimate of the field's share of the score: the idf-weighted,
// log-damped count of its matches, over all fields. It reads only what the
// search and the highlighter already loaded.
func (ix *Index) explain(h *search.DocumentMatch, doc textSource, qw *queryWords, idf map[string]float64) []career.Explanation {
	texts := map[string][]string{} // field -> values by array position
	doc.visitTexts(func(field string, _ []uint64, text []byte) {
		texts[field] = append(texts[field], string(text))
	})
	var out []career.Explanation
	total := 0.0
	for _, f := range career.TextFields {
		tl := h.Locations[f]
		if len(tl) == 0 {
			continue
		}
		e := career.Explanation{Field: f, Via: "word"}
		weight := 0.0
		stem := false
		positions := map[uint64]map[string][]uint64{} // element -> term -> positions
		for _, t := range qw.terms {
			locs := tl[t]
			if len(locs) == 0 {
				continue
			}
			e.Matched = append(e.Matched, qw.typed[t])
			w := idf[t]
			if w == 0 {
				w = 1
			}
			weight += w * (1 + math.Log(float64(len(locs))))
			if v := qw.via[t]; v != "" {
				e.Via = v
			}
			for _, l := range locs {
				var el uint64
				if len(l.ArrayPositions) > 0 {
					el = l.ArrayPositions[0]
				}
				if positions[el] == nil {
					positions[el] = map[string][]uint64{}
				}
				positions[el][t] = append(positions[el][t], l.Pos)
				if !stem && !matchesTyped(texts[f], el, l, qw.typed[t]) {
					stem = true
				}
			}
		}
		if len(e.Matched) == 0 {
			continue
		}
		switch {
		case len(qw.terms) > 1 && hasPhrase(positions, qw.terms):
			e.Via = "phrase"
		case e.Via == "word" && stem:
			e.Via = "stem"
		}
		e.Share = weight
		total += weight
		out = append(out, e)
	}
	if e, weight := ix.explainSkills(h, idf); weight > 0 {
		e.Share = weight
		total += weight
		out = append(out, e)
	}
	for i := range out {
		out[i].Share = math.Round(out[i].Share/total*100) / 100
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Share > out[b].Share })
	return out
}

// matchesTyped reports whether the text at a location is the word as typed.
func matchesTyped(values []string, el uint64, l *search.Location, typed string) bool {
	if int(el) >= len(values) {
		return true // nothing to compare with; assume it is
	}
	v := values[el]
	if l.End > uint64(len(v)) || l.Start > l.End {
		return true
	}
	return strings.EqualFold(v[l.Start:l.End], typed)
}

// hasPhrase reports whether every query term occurs, in query order and
// next to each other, in one element of the field.
func hasPhrase(positions map[uint64]map[string][]uint64, terms []string) bool {
	for _, byTerm := range positions {
		for _, p := range byTerm[terms[0]] {
			ok := true
			for i, t := range terms[1:] {
				if !contains(byTerm[t], p+uint64(i)+1) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

func contains(s []uint64, v uint64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// raised says what raised a re-scored hit for what it shares with the
// first hits (see rescore): its related-career links with them, and the
// feedback words it holds. Factors that round to 1 are left out.
func (ix *Index) raised(id string, rk *ranker, sig *rank.Signals) []career.Raise {
	var out []career.Raise
	if f, ok := rk.Fed(id); ok {
		if r := round2(f.Factor); r > 1 {
			out = append(out, career.Raise{By: career.RaisedByFeedback, Factor: r, Words: f.Words})
		}
	}
	if sig.Listed[id] > 0 {
		if r := round2(rk.RelatedFactor(id, sig)); r > 1 {
			raise := career.Raise{By: career.RaisedByRelated, Factor: r}
			for _, f := range sig.First {
				if f != id && (slices.Contains(ix.linksOf(f), id) || slices.Contains(ix.linksOf(id), f)) {
					raise.Careers = append(raise.Careers, career.CareerRef{ID: f, Title: ix.careerTitle(f)})
				}
			}
			out = append(out, raise)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Factor > out[b].Factor })
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// explainSkills is the skills field's part of an explanation: the listed
// skills the hit matched (as the career writes them) and their weight,
// estimated as for the text fields, with an exact name counting twice.
func (ix *Index) explainSkills(h *search.DocumentMatch, idf map[string]float64) (career.Explanation, float64) {
	e := career.Explanation{Field: career.FieldSkills, Via: "word"}
	if ix.skills == nil || !hasSkillMatch(h.Locations) {
		return e, 0
	}
	texts := ix.skills.texts(h.ID)
	weight := 0.0
	matched := map[uint64]bool{}
	for _, field := range []string{career.FieldSkills, FieldSkillTerms, FieldSkillNames} {
		for term, locs := range h.Locations[field] {
			w := idf[term]
			if w == 0 {
				w = 1
			}
			if field == FieldSkillNames {
				w *= 2
			}
			weight += w * (1 + math.Log(float64(len(locs))))
			for _, l := range locs {
				if len(l.ArrayPositions) > 0 {
					matched[l.ArrayPositions[0]] = true
				}
			}
		}
	}
	positions := make([]uint64, 0, len(matched))
	for p := range matched {
		positions = append(positions, p)
	}
	slices.Sort(positions)
	for _, p := range positions {
		if int(p) < len(texts) && len(e.Matched) < maxSkillHighlights {
			e.Matched = append(e.Matched, texts[p])
		}
	}
	if len(e.Matched) == 0 {
		return e, 0
	}
	return e, weight
}
