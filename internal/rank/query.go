package rank

import (
	"math"
	"sort"

	"github.com/careersearch/careers/internal/career"
)

// RelatedPhraseWeight weighs, in the query, a phrase standing for a query
// word the corpus lacks, by how it is related to the word: a broader term
// is a weaker match than a synonym (docs/RELEVANCE.md).
func RelatedPhraseWeight(via string) float64 {
	switch via {
	case career.RelatedSynonym:
		return 1
	case career.RelatedDerived:
		return 0.7
	case career.RelatedBroader:
		return 0.5
	}
	return 0
}

// ReadsAsTask reports whether a query of words (lower case, in order)
// reads as a task rather than a job title: it has two words or more, and
// its first word opens at least p.TaskMinOpenings duties of the corpus
// (duties open with a verb) and is in no title or alias. "Adjust dental
// devices" reads as a task; "Dental Hygienist" and "Claims Adjuster" do
// not. openings counts the duties a word opens; inTitle tells a word of a
// title or alias.
func (p Params) ReadsAsTask(words []string, openings func(string) int, inTitle func(string) bool) bool {
	if p.TaskMinOpenings <= 0 || len(words) < 2 {
		return false
	}
	return openings(words[0]) >= p.TaskMinOpenings && !inTitle(words[0])
}

// FeedbackWords chooses the feedback words of a task query (pseudo-
// relevance feedback): shares holds each term's share of the best duties
// of the first hits (summed over them), idf the terms' rarity. A term the
// query asks for, or one in half the careers or more (idf below 1 + ln 2:
// it tells none apart, like the "Core task" that opens every imported
// O*NET duty), is left out; the FeedbackTerms heaviest of the rest (share
// × idf) are kept, weighed against the heaviest. nil when none is left.
func (r *Ranker) FeedbackWords(shares map[string]float64, idf map[string]float64) map[string]float64 {
	if r.p.FeedbackTerms <= 0 || r.p.FeedbackWeight <= 0 {
		return nil
	}
	weight := make(map[string]float64, len(shares))
	terms := make([]string, 0, len(shares))
	for t, s := range shares {
		if r.Asked(t) || idf[t] < 1+math.Ln2 {
			continue
		}
		terms = append(terms, t)
		weight[t] = s * idf[t]
	}
	if len(terms) == 0 {
		return nil
	}
	HeaviestFirst(terms, weight)
	terms = terms[:min(r.p.FeedbackTerms, len(terms))]
	top := weight[terms[0]]
	out := make(map[string]float64, len(terms))
	for _, t := range terms {
		out[t] = weight[t] / top
	}
	return out
}

// HeaviestFirst sorts terms by weight, heaviest first, ties by term, so
// that feedback is the same from run to run.
func HeaviestFirst(terms []string, weight map[string]float64) {
	sort.Slice(terms, func(a, b int) bool {
		if weight[terms[a]] != weight[terms[b]] {
			return weight[terms[a]] > weight[terms[b]]
		}
		return terms[a] < terms[b]
	})
}
