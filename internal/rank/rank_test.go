package rank

import (
	"math"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// tables is a generation's tables written out by a test.
type tables struct {
	titleLens, dutyLens, dutyStarts map[string][]int32
	avgDutyLen                      float64
	noDuties                        map[string]bool
	links                           map[string][]string
	skills                          map[string][][2]int // size, flags
}

func (t tables) Career(id string, _ int) Career {
	c := Career{TitleLens: t.titleLens[id], DutyLens: t.dutyLens[id], DutyStarts: t.dutyStarts[id], NoDuties: t.noDuties[id]}
	for _, s := range t.skills[id] {
		c.Skills = append(c.Skills, SkillShape{Size: s[0], Flags: s[1]})
	}
	return c
}
func (t tables) AvgDutyLen() float64      { return t.avgDutyLen }
func (t tables) Links(id string) []string { return t.links[id] }
func (t tables) LinkedFrom(id string) []string {
	var out []string
	for from, to := range t.links {
		for _, x := range to {
			if x == id {
				out = append(out, from)
			}
		}
	}
	return out
}

// in returns occurrences of terms in one item of a field, at positions
// 1, 2, ... unless given.
func in(field string, item uint64, terms ...string) []Occurrence {
	out := make([]Occurrence, len(terms))
	for i, t := range terms {
		out[i] = Occurrence{Field: field, Term: t, Item: item, Pos: uint64(i + 1), HasItem: true}
	}
	return out
}

func at(field, term string, item, pos uint64) Occurrence {
	return Occurrence{Field: field, Term: term, Item: item, Pos: pos, HasItem: true}
}

func query(idf map[string]float64, terms ...string) Query {
	return Query{Terms: terms, IDF: idf}
}

func TestDutyBM25(t *testing.T) {
	r := New(Defaults(), tables{avgDutyLen: 10}, query(map[string]float64{"a": 2, "b": 1}, "a", "b"))
	duty0, duty1 := []int{1, 1}, []int{1, 0} // duty 0 holds both words, duty 1 only the rarer
	whole := r.dutyBM25(duty0, 10, 0)
	half := r.dutyBM25(duty1, 10, 0)
	longer := r.dutyBM25(duty0, 40, 0)
	if !(whole > half && whole > longer && whole <= 1 && half > 0) {
		t.Errorf("dutyBM25: whole %v, rarer word only %v, four times as long %v; want whole > each, within (0, 1]", whole, half, longer)
	}
	// The rarer word only in another form counts FormWeight of itself.
	p := Defaults()
	p.FormWeight = 0.5
	r = New(p, tables{avgDutyLen: 10}, query(map[string]float64{"a": 2, "b": 1}, "a", "b"))
	if inForm := r.dutyBM25(duty1, 10, 1); math.Abs(inForm-half/2) > 1e-12 {
		t.Errorf("dutyBM25 with the word in another form: %v, want half of %v", inForm, half)
	}
}

// A task query whose verb opens a duty (or its description) counts that
// duty's coverage higher than the same words in another order.
func TestTaskVerbOpeningADuty(t *testing.T) {
	tb := tables{avgDutyLen: 6, dutyLens: map[string][]int32{"x": {6}}, dutyStarts: map[string][]int32{"x": {3}}}
	q := query(map[string]float64{"measur": 1, "part": 2}, "measur", "part")
	q.Task = true
	item := func(q Query, verbPos uint64) float64 {
		r := New(Defaults(), tb, q)
		return r.similarity([]Occurrence{at(career.FieldDuties, "measur", 0, verbPos), at(career.FieldDuties, "part", 0, 2)},
			nil, tb.dutyLens["x"], tb.dutyStarts["x"]).Item
	}
	atStart, atDescription, inside := item(q, 1), item(q, 3), item(q, 5)
	if !(atStart > inside && atDescription > inside && inside > 0) {
		t.Errorf("coverage with the verb first %v, opening the description %v, inside %v; want both openings above inside", atStart, atDescription, inside)
	}
	q.Task = false
	if plain := item(q, 1); plain != inside {
		t.Errorf("a query that does not read as a task: %v, want %v (no bonus)", plain, inside)
	}
}

func TestCloseness(t *testing.T) {
	ws := func(pairs ...uint64) []wordAt {
		var out []wordAt
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, wordAt{pos: pairs[i], bit: pairs[i+1]})
		}
		return out
	}
	tests := []struct {
		name string
		ws   []wordAt
		want float64
	}{
		{"SideBySide", ws(3, 1, 4, 2, 5, 4), 1},
		{"OutOfOrder", ws(5, 4, 3, 1, 4, 2), 1},
		{"OneBetween", ws(1, 1, 3, 2), 2.0 / 3},
		{"ShortestStretchCounts", ws(1, 1, 9, 2, 10, 1), 1},
		{"ThreeWordsOverSix", ws(1, 1, 4, 2, 6, 4), 0.5},
		{"OneWordOnly", ws(1, 1, 7, 1), 0},
		{"Nothing", nil, 0},
		// A related word stands for two query words at once.
		{"AliasForTwo", ws(2, 3, 3, 4), 1},
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
	idf := map[string]float64{"inspect": 1, "weld": 1, "joint": 1}
	tb := tables{avgDutyLen: 12}
	cover := func(proximity float64, positions ...uint64) float64 {
		p := Defaults()
		p.ProximityWeight = proximity
		r := New(p, tb, query(idf, "inspect", "weld", "joint"))
		var occs []Occurrence
		for i, term := range []string{"inspect", "weld", "joint"} {
			occs = append(occs, at(career.FieldDuties, term, 0, positions[i]))
		}
		return r.similarity(occs, nil, []int32{12}, nil).Item
	}
	near, far, off := cover(0.2, 1, 2, 3), cover(0.2, 1, 6, 11), cover(0, 1, 2, 3)
	if !(near > far && far > off && off > 0) {
		t.Errorf("coverage: words side by side %v, far apart %v, proximity off %v; want side by side > far apart > off", near, far, off)
	}
	if want := off * (1.2 * 1.2); math.Abs(near-want) > 1e-12 {
		t.Errorf("side by side: %v, want (1 + 0.2)² × %v (the share is squared)", near, off)
	}
}

// The re-scoring of a window: a title that is the query wins a job-title
// query; for a query that reads as a task, the career with the duty that
// says it all wins over one whose title shares a word.
func TestRerank(t *testing.T) {
	idf := map[string]float64{"weld": 2, "pipe": 1}
	tb := tables{
		titleLens:  map[string][]int32{"welder": {1}, "fitter": {2}, "clerk": {1}},
		dutyLens:   map[string][]int32{"welder": {5, 5}, "fitter": {4}, "clerk": {6}},
		dutyStarts: map[string][]int32{},
		avgDutyLen: 5,
	}
	cands := func() []*Candidate {
		return []*Candidate{
			{ID: "clerk", Base: 1.2, Score: 1.2, Occurrences: append(in(career.FieldDuties, 0, "weld"), in(career.FieldDuties, 0, "pipe")...)},
			{ID: "fitter", Base: 1, Score: 1, Occurrences: append(in(career.FieldTitle, 0, "pipe"), in(career.FieldDuties, 0, "weld", "pipe")...)},
			{ID: "welder", Base: 1, Score: 1, Occurrences: append(in(career.FieldTitle, 0, "weld"), in(career.FieldDuties, 1, "weld")...)},
		}
	}
	order := func(cs []*Candidate) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.ID
		}
		return out
	}
	tests := []struct {
		name      string
		task      bool
		gated     bool
		wantFirst string
	}{
		// "weld pipe" as a title query: the title "Welder" holds the
		// rarer word, two thirds of the query's idf, past the gate: titles
		// decide and duties do not count.
		{"TitleQuery", false, true, "welder"},
		// As a task, the task weights apply whatever the gate says: the
		// fitter's duty holds the whole query.
		{"TaskQuery", true, true, "fitter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := query(idf, "weld", "pipe")
			q.Task = tt.task
			r := New(Defaults(), tb, q)
			cs := cands()
			sig := &Signals{}
			r.Rerank(cs, sig)
			if sig.Gated != tt.gated || !sig.Decided {
				t.Errorf("gated %v decided %v, want gated %v", sig.Gated, sig.Decided, tt.gated)
			}
			if cs[0].ID != tt.wantFirst {
				t.Errorf("order %v, want %s first", order(cs), tt.wantFirst)
			}
			// A second re-scoring of the same window from the base scores
			// gives the same order (the evidence is kept, not recomputed
			// from the occurrences, which a window may not carry again).
			again := cands()
			for _, c := range again {
				c.Occurrences = nil
			}
			r.Rerank(again, sig)
			if order(again)[0] != tt.wantFirst {
				t.Errorf("second re-scoring: order %v", order(again))
			}
		})
	}
}

func TestNoDutiesWeighsDown(t *testing.T) {
	tb := tables{noDuties: map[string]bool{"bare": true}, titleLens: map[string][]int32{"bare": {1}, "full": {1}}}
	r := New(Defaults(), tb, query(map[string]float64{"nurs": 1}, "nurs"))
	cs := []*Candidate{
		{ID: "bare", Base: 2, Score: 2, Occurrences: in(career.FieldTitle, 0, "nurs")},
		{ID: "full", Base: 1, Score: 1, Occurrences: in(career.FieldTitle, 0, "nurs")},
	}
	r.Rerank(cs, &Signals{})
	if cs[0].ID != "full" {
		t.Errorf("a career with no duties and twice the base score is first: %s (%v, %v)", cs[0].ID, cs[0].Score, cs[1].Score)
	}
}

func TestFeedbackAndRelated(t *testing.T) {
	p := Defaults()
	tb := tables{links: map[string][]string{"a": {"c"}, "b": {"c"}, "e": {"a"}}}
	r := New(p, tb, query(map[string]float64{"x": 1}, "x"))
	cs := []*Candidate{{ID: "a", Base: 4, Score: 4}, {ID: "b", Base: 3, Score: 3}, {ID: "c", Base: 2, Score: 2}, {ID: "d", Base: 2, Score: 2}, {ID: "e", Base: 0.1, Score: 0.1}}
	sig := &Signals{Feedback: map[string]float64{"clip": 1, "scissor": 0.5}, FeedbackWords: map[string]string{"clip": "clippers", "scissor": "scissors"}}
	r.ApplyFeedback(cs, map[string][]string{"d": {"clip", "scissor"}}, sig)
	if want := 2 * (1 + p.FeedbackWeight); math.Abs(cs[3].Score-want) > 1e-12 {
		t.Errorf("d holds every feedback word: score %v, want %v", cs[3].Score, want)
	}
	if f, ok := r.Fed("d"); !ok || len(f.Words) != 2 || f.Words[0] != "clippers" {
		t.Errorf("fed d = %+v %v, want clippers first", f, ok)
	}
	if cs[2].Score != 2 {
		t.Errorf("c holds no feedback word: score %v, want its base 2", cs[2].Score)
	}
	Sort(cs)
	r.ListedBy(cs, sig)
	// c is listed by a and b, two of the first RelatedDocs.
	if sig.Listed["c"] != 2 {
		t.Errorf("c listed %d times, want 2", sig.Listed["c"])
	}
	// e lists a, the first candidate: relatedness goes both ways. (e is
	// the fifth of five: among the first RelatedDocs, but it lists no
	// other and none lists it but through a.)
	if sig.Listed["e"] != 1 {
		t.Errorf("e listed %d times, want 1", sig.Listed["e"])
	}
	r.BoostRelated(cs, sig)
	want := 2 * (1 + p.RelatedWeight*2/float64(p.RelatedDocs))
	for _, c := range cs {
		if c.ID == "c" && math.Abs(c.Score-want) > 1e-12 {
			t.Errorf("c: %v, want %v", c.Score, want)
		}
	}
	if got := r.RelatedFactor("c", sig); math.Abs(got*2-want) > 1e-12 {
		t.Errorf("RelatedFactor(c) = %v", got)
	}
}

// A listed skill weighs by its flags, and a skill named whole is a full
// match.
func TestSkillSimilarity(t *testing.T) {
	tb := tables{skills: map[string][][2]int{
		"demand":   {{1, SkillInDemand}},
		"optional": {{1, SkillOptional}},
		"long":     {{4, 0}},
	}}
	q := query(map[string]float64{"python": 3}, "python")
	q.Names, q.WholeName, q.SkillWhole = map[string]bool{"python": true}, true, true
	r := New(Defaults(), tb, q)
	sim := func(id string, occs ...Occurrence) float64 {
		s, _ := r.skillSimilarity(tb.Career(id, 0).Skills, occs)
		return s
	}
	demand := sim("demand", at(career.FieldSkills, "python", 0, 1))
	optional := sim("optional", at(career.FieldSkills, "python", 0, 1))
	long := sim("long", at(career.FieldSkills, "python", 0, 1))
	exact := sim("long", at(FieldSkillNames, "python", 0, 0))
	if !(demand > optional && demand > long && long > 0) {
		t.Errorf("in demand %v, optional %v, one word of four %v", demand, optional, long)
	}
	if exact != skillWeightPlain {
		t.Errorf("the whole name: %v, want the flag weight %v", exact, skillWeightPlain)
	}
	if s := sim("none", at(career.FieldSkills, "python", 0, 1)); s != 0 {
		t.Errorf("a career without that skill: %v", s)
	}
}

func TestTitleFade(t *testing.T) {
	for words, want := range map[int]float64{1: 1, 3: 1, 6: 0.25} {
		if got := TitleFade(words); math.Abs(got-want) > 1e-12 {
			t.Errorf("TitleFade(%d) = %v, want %v", words, got, want)
		}
	}
}

// One word of a longer query that a career holds only in one alternate
// title is a passing mention and gives no title similarity; the same word
// in an alias of a career whose duties hold it too, or an alias holding
// two of the query's words, still counts.
func TestAliasWordOnlyThere(t *testing.T) {
	tb := tables{titleLens: map[string][]int32{"x": {2, 3}}, avgDutyLen: 8}
	q := query(map[string]float64{"sell": 1, "thing": 2}, "sell", "thing")
	title := func(q Query, occs ...Occurrence) float64 {
		return New(Defaults(), tb, q).similarity(occs, tb.titleLens["x"], nil, nil).Title
	}
	alias := at(career.FieldAliases, "thing", 0, 3) // "Internet of Things"
	if got := title(q, alias); got != 0 {
		t.Errorf("word only in an alias: title similarity %v, want 0", got)
	}
	if got := title(q, alias, at(career.FieldDuties, "thing", 0, 4)); got == 0 {
		t.Error("word in an alias and a duty: title similarity 0, want > 0")
	}
	if got := title(q, alias, at(career.FieldAliases, "sell", 0, 1)); got == 0 {
		t.Error("alias holding both words: title similarity 0, want > 0")
	}
	if got := title(query(map[string]float64{"thing": 2}, "thing"), alias); got == 0 {
		t.Error("one-word query in an alias: title similarity 0, want > 0")
	}
}
