package bench

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/careersearch/careers/internal/career"
)

// Seed is the fixed seed of the generated corpus: the same seed and sources
// give the same careers on every machine and run.
const Seed = 20260107

// Generate returns n careers for scale tests: the sources first, unchanged,
// then varied copies of them (copy v of source s has id "<s.ID>-v<v>").
// Each copy draws from its own PCG stream seeded by (seed, position), so a
// career does not depend on those generated before it. A copy gets a
// seniority or setting added to its title, a subset of the aliases,
// sentences of the summary dropped, its duties shuffled and thinned, and
// a few duties and a summary sentence borrowed from other careers, so term
// statistics vary across copies as they would across real postings.
func Generate(src []*career.Career, n int, seed uint64) []*career.Career {
	if len(src) == 0 || n <= 0 {
		return nil
	}
	out := make([]*career.Career, n)
	for i := range n {
		base := src[i%len(src)]
		v := i / len(src)
		if v == 0 {
			out[i] = base
			continue
		}
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		out[i] = vary(base, v, rng, src)
	}
	return out
}

var (
	seniorities = []string{"Senior", "Junior", "Lead", "Principal", "Assistant", "Associate", "Chief",
		"Trainee", "Head", "Staff", "Apprentice", "Deputy", "Supervising", "Entry-Level", "Regional"}
	settings = []string{"Remote", "Part-Time", "Contract", "Night Shift", "Public Sector", "Nonprofit",
		"Start-Up", "Hospital", "Retail", "Field", "Seasonal", "Government", "Manufacturing", "Rural",
		"Bilingual", "Travel", "Weekend", "Freelance", "Laboratory", "Warehouse"}
)

func vary(base *career.Career, v int, rng *rand.Rand, src []*career.Career) *career.Career {
	suffix := "-v" + strconv.Itoa(v)
	c := &career.Career{
		ID:       base.ID + suffix,
		Title:    base.Title,
		Category: base.Category,
		JobZone:  base.JobZone,
		Source:   base.Source,
	}
	if rng.Float64() < 0.6 {
		c.Title = seniorities[rng.IntN(len(seniorities))] + " " + c.Title
	}
	if rng.Float64() < 0.3 {
		c.Title += " (" + settings[rng.IntN(len(settings))] + ")"
	}
	for _, a := range base.Aliases {
		if rng.Float64() < 0.7 {
			c.Aliases = append(c.Aliases, a)
		}
	}
	rng.Shuffle(len(c.Aliases), func(i, j int) { c.Aliases[i], c.Aliases[j] = c.Aliases[j], c.Aliases[i] })
	for _, r := range base.Related {
		c.Related = append(c.Related, r+suffix)
	}

	sentences := splitSentences(base.Summary)
	kept := sentences[:min(1, len(sentences))]
	for _, s := range sentences[min(1, len(sentences)):] {
		if rng.Float64() < 0.8 {
			kept = append(kept, s)
		}
	}
	if other := splitSentences(src[rng.IntN(len(src))].Summary); len(other) > 0 && rng.Float64() < 0.5 {
		kept = append(kept, other[rng.IntN(len(other))])
	}
	c.Summary = strings.Join(kept, " ")

	for _, d := range base.Duties {
		if rng.Float64() < 0.8 {
			c.Duties = append(c.Duties, d)
		}
	}
	if len(c.Duties) == 0 && len(base.Duties) > 0 {
		c.Duties = append(c.Duties, base.Duties[rng.IntN(len(base.Duties))])
	}
	for range rng.IntN(4) {
		if o := src[rng.IntN(len(src))]; len(o.Duties) > 0 {
			c.Duties = append(c.Duties, o.Duties[rng.IntN(len(o.Duties))])
		}
	}
	rng.Shuffle(len(c.Duties), func(i, j int) { c.Duties[i], c.Duties[j] = c.Duties[j], c.Duties[i] })
	c.Specialisations = append([]career.Item(nil), base.Specialisations...)
	rng.Shuffle(len(c.Specialisations), func(i, j int) {
		c.Specialisations[i], c.Specialisations[j] = c.Specialisations[j], c.Specialisations[i]
	})
	c.Workplace = base.Workplace
	return c
}

// splitSentences cuts text after each ". ", keeping the full stops.
func splitSentences(text string) []string {
	var out []string
	for text != "" {
		i := strings.Index(text, ". ")
		if i < 0 {
			out = append(out, strings.TrimSpace(text))
			break
		}
		out = append(out, strings.TrimSpace(text[:i+1]))
		text = text[i+2:]
	}
	return out
}
