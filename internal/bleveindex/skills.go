package bleveindex

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/rank"
)

// Skills are indexed three ways, none of them part of _all (skills listed
// by the hundred, as O*NET's are, would drown the text of the careers):
//
//   - career.FieldSkills: each skill name with the English analyzer, so
//     "welding" finds "Arc welding" and "welders";
//   - FieldSkillTerms: each name with the skill-terms analyzer, which keeps
//     technology names whole as people type them ("c++", "c#", ".net",
//     "node.js", "r", "go") and stems nothing;
//   - FieldSkillNames: each whole name, lower-cased with its spaces
//     collapsed (normalizeSkill), as a keyword: the exact-name match, the
//     skill= filter and the skills facet.
//
// docs/RELEVANCE.md ("Skills") gives the table of names these were chosen
// from, and skills_test.go holds it.
const (
	FieldSkillTerms = rank.FieldSkillTerms
	FieldSkillNames = rank.FieldSkillNames
	// SkillTermsAnalyzerName names the analyzer of FieldSkillTerms.
	SkillTermsAnalyzerName = "careers_skill_terms"
	skillTokenizerName     = "careers_skill_tokenizer"
	skillsKey              = "careers_skills"
	// SkillFacetSize is how many skills the skills facet lists.
	SkillFacetSize = 20
	// maxSkillHighlights bounds the matched skills a hit shows.
	maxSkillHighlights = 8
	// maxSkillNameWords bounds the query runs tried as skill names.
	maxSkillNameWords = 8
)

func init() {
	registry.RegisterTokenizer(skillTokenizerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return skillTokenizer{}, nil
		})
}

// skillTokenizer splits a skill name into the words people type for it.
// Unlike Bleve's unicode tokenizer it keeps '+' and '#' at the end of a
// word ("C++", "C#", "Notepad++"), a dot inside one ("Node.js", "ASP.NET")
// and a dot that opens one (".NET"); a possessive "'s" is dropped. Every
// other character that is not a letter or digit separates words.
type skillTokenizer struct{}

func isSkillRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#' || r == '.'
}

func (skillTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	pos := 1
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		if !isSkillRune(r) {
			i += n
			continue
		}
		start := i
		for i < len(input) {
			r, n = utf8.DecodeRune(input[i:])
			if !isSkillRune(r) {
				break
			}
			i += n
		}
		s, e := trimSkillWord(input, start, i)
		if s >= e {
			continue
		}
		// "Raiser's": the "s" after an apostrophe is no word of its own.
		if e-s == 1 && (input[s] == 's' || input[s] == 'S') && s > 0 && (input[s-1] == '\'' || strings.HasSuffix(string(input[:s]), "’")) {
			continue
		}
		out = append(out, &analysis.Token{Term: append([]byte(nil), input[s:e]...), Start: s, End: e, Position: pos, Type: analysis.AlphaNumeric})
		pos++
	}
	return out
}

// trimSkillWord trims a run of word characters to the word: no '+', '#'
// or '.' in front except a dot before a letter (".NET"), no dot at the
// end; a run without a letter or digit is no word.
func trimSkillWord(b []byte, s, e int) (int, int) {
	for s < e {
		c := b[s]
		if c == '+' || c == '#' || c == '.' && (s+1 >= e || !isLetterAt(b, s+1)) {
			s++
			continue
		}
		break
	}
	for e > s && b[e-1] == '.' {
		e--
	}
	has := false
	for _, r := range string(b[s:e]) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			has = true
			break
		}
	}
	if !has {
		return s, s
	}
	return s, e
}

func isLetterAt(b []byte, i int) bool {
	r, _ := utf8.DecodeRune(b[i:])
	return unicode.IsLetter(r)
}

// skillTermsAnalyzer is the analyzer of FieldSkillTerms, for the index
// and for the query alike.
func skillTermsAnalyzer() map[string]interface{} {
	return map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     skillTokenizerName,
		"token_filters": []string{lowercase.Name},
	}
}

// skillTerms returns the skill-terms analysis of s, lower case.
func skillTerms(s string) []string {
	toks := skillTokenizer{}.Tokenize([]byte(s))
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = strings.ToLower(string(t.Term))
	}
	return out
}

// normalizeSkill is the form a skill name is compared in, for the exact
// match, the filter and the facet: lower case, single spaces.
func normalizeSkill(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// isTechWord reports whether a word as typed (lower case, trimmed) is a
// technology name that the English analyzer would break: it holds '+'
// or '#' after a letter or digit ("c++", "c#"), opens with a dot before a
// letter (".net"), or joins two words of two letters or more with a dot
// ("node.js", "asp.net"; not "u.s").
func isTechWord(w string) bool {
	if w == "" {
		return false
	}
	if i := strings.IndexAny(w, "+#"); i > 0 {
		r, _ := utf8.DecodeLastRuneInString(w[:i])
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	if w[0] == '.' {
		return len(w) > 1 && isLetterAt([]byte(w), 1)
	}
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) < 2 {
			return false
		}
	}
	return strings.Contains(w, ".")
}

// typedWord is one whitespace-separated word of a query as the skill
// side sees it: trimmed of quotes and punctuation around it, lower case.
func typedWord(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '#' && r != '.'
	})
	w = strings.TrimRight(w, ".")
	// A leading dot only before a letter (".NET"), never "...".
	for strings.HasPrefix(w, ".") && (len(w) < 2 || !isLetterAt([]byte(w), 1)) {
		w = w[1:]
	}
	return strings.ToLower(w)
}

// skillQuery is a query text as the skill fields see it.
type skillQuery struct {
	// text is the query without its technology words: what the English
	// fields, the ranker's title and duty coverage and the highlights use.
	text string
	// tech are the technology words ("c++", "r"), searched only in
	// FieldSkillTerms: the English analyzer would make "c++" "c".
	tech []string
	// terms are the English terms of text sought among the skills.
	terms []string
	// names are the runs of the query that are a whole skill name of the
	// index, normalised; wholeName says the whole query is one.
	names     []string
	wholeName bool
	// whole says the query as a whole names a skill (see splitSkills):
	// its skill similarity then counts whatever the query reads as.
	whole bool
	// words, related and alts are text's analysed terms, the related
	// words and the synonym phrases it has (planWords), worked out once per
	// search for the Bleve query and the ranking.
	words   []string
	related []relatedMatch
	alts    []synonymAlt
}

// planWords analyses sq's text once for the whole search.
func (ix *Index) planWords(sq *skillQuery) {
	sq.words = ix.analyze(sq.text)
	sq.alts = ix.synonyms(sq.text)
	sq.related = ix.relatedTerms(sq.text, sq.alts)
}

// empty reports whether nothing is left to search for.
func (sq skillQuery) empty() bool {
	return sq.text == "" && len(sq.tech) == 0 && len(sq.names) == 0
}

// splitSkills finds the skill side of a plain query.
//
// Technology words (isTechWord) go to the skill terms only; so does a
// one-letter word typed in capitals ("R", "C") that some skill name holds,
// and a query that is as a whole a skill name of one or two letters
// ("Go", "r"): in the English fields such words would match every "go to
// meetings" and the letter C.
//
// The query's English words are sought among the skills only when the
// query names a skill: it is, stems aside, a whole skill name
// ("forklift", "Microsoft Excel"), or one skill name holds all its words
// and they are not all words of job titles ("AutoCAD", "Excel"; not
// "Nurse"). Otherwise only its runs that are, stems aside, whole skill
// names are, if they have two words or more or are no title word
// ("Python" in "data analysis Python"; one word only if it is typed as an
// acronym, "GDPR", or fewer careers write it than list it as a skill:
// not "monitor"; stop words neither open nor close a run). A query that merely shares a
// common word with a tool ("Truck Driver") leaves the skills alone:
// hundreds of careers list tools named with common words.
func (ix *Index) splitSkills(ctx context.Context, plain string) (sq skillQuery) {
	// Whatever the split, the words left are planned once, here.
	defer ix.planWords(&sq)
	fields := strings.Fields(plain)
	si := ix.skills
	if len(fields) == 0 || si == nil || len(si.names) == 0 || ix.opts.Rank.SkillBoost <= 0 {
		return skillQuery{text: plain}
	}
	typed := make([]string, len(fields))
	for i, f := range fields {
		typed[i] = typedWord(f)
	}
	whole := normalizeSkill(strings.Join(typed, " "))
	keep := make([]string, 0, len(fields))
	keptTyped := make([]string, 0, len(fields))
	for i, f := range fields {
		w := typed[i]
		tech := isTechWord(w)
		if !tech && si.terms[w] {
			short := utf8.RuneCountInString(w)
			switch {
			case short == 1 && strings.ToUpper(f) == f && si.names[w] != nil:
				tech = true
			case len(fields) == 1 && short <= 2 && si.names[whole] != nil:
				tech = true
			}
		}
		if tech {
			sq.tech = append(sq.tech, w)
			continue
		}
		keep = append(keep, f)
		keptTyped = append(keptTyped, w)
	}
	sq.text = strings.Join(keep, " ")
	if si.names[whole] != nil {
		sq.names, sq.wholeName = []string{whole}, true
	}
	terms := ix.analyze(sq.text)
	allTitleWords := len(terms) > 0
	for _, t := range terms {
		if !ix.titleStems[t] {
			allTitleWords = false
		}
	}
	switch {
	case len(terms) == 0:
		sq.whole = len(sq.tech) > 0
	case sq.wholeName || si.stemKeys[strings.Join(terms, " ")]:
		sq.whole, sq.terms = true, terms
	case ix.readsAsTask(sq.text):
		// A task ("Operate cranes or hoists") is answered by duties; the
		// tools it names are no skill query.
	case si.holdsAll(terms) && !allTitleWords:
		sq.whole, sq.terms = true, terms
	default:
		// Runs of the words left that are whole skill names; each word is
		// analysed once, a run's terms being its words' terms.
		wordTerms := make([][]string, len(keptTyped))
		acronym := make([]bool, len(keptTyped))
		for i, w := range keptTyped {
			wordTerms[i] = ix.analyze(w)
			acronym[i] = isAcronym(keep[i])
		}
		for i := 0; i < len(keptTyped); i++ {
			if len(wordTerms[i]) == 0 {
				continue // a run opens with a word, not a stop word
			}
			for j := min(len(keptTyped), i+maxSkillNameWords); j > i; j-- {
				if len(wordTerms[j-1]) == 0 {
					continue // nor closes with one
				}
				var rt []string
				for _, wt := range wordTerms[i:j] {
					rt = append(rt, wt...)
				}
				if len(rt) == 0 || !si.stemKeys[strings.Join(rt, " ")] {
					continue
				}
				run := strings.Join(keptTyped[i:j], " ")
				if len(rt) == 1 && (ix.titleStems[rt[0]] || !(acronym[i] || ix.rarerInText(ctx, rt[0], si))) {
					continue
				}
				sq.terms = append(sq.terms, rt...)
				if n := normalizeSkill(run); si.names[n] != nil {
					sq.names = append(sq.names, n)
				}
				i = j - 1
				break
			}
		}
	}
	return sq
}

// rarerInText reports whether fewer careers hold term in their text than
// list a skill whose name is that term alone: such a word ("python") is
// a skill's name first, unlike "monitor" or "analyze".
func (ix *Index) rarerInText(ctx context.Context, term string, si *skillIndex) bool {
	listed := 0
	for _, id := range si.postings[term] {
		if n := si.list[id]; len(ix.analyze(n.Norm)) == 1 {
			listed = max(listed, n.Careers)
		}
	}
	if listed == 0 {
		return false
	}
	dfs, _, err := ix.docFreqs(ctx, []string{term})
	return err == nil && dfs[term] < uint64(listed)
}

// isAcronym reports whether a word was typed as an acronym: two letters
// or more, all in capitals ("GDPR", "SQL").
func isAcronym(typed string) bool {
	letters := 0
	for _, r := range typed {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// skillClause is the part of the core query that looks at skills: the
// query's skill terms in FieldSkills, its technology words in
// FieldSkillTerms and its skill names in FieldSkillNames, as one clause
// of the core disjunction, so that it counts as one more matched clause
// however many words it holds.
func (ix *Index) skillClause(sq skillQuery) query.Query {
	var qs []query.Query
	add := func(term, field string, boost float64) {
		tq := bleve.NewTermQuery(term)
		tq.SetField(field)
		tq.SetBoost(boost)
		qs = append(qs, tq)
	}
	for _, t := range sq.terms {
		add(t, career.FieldSkills, ix.opts.Rank.SkillBoost)
	}
	for _, t := range sq.tech {
		add(t, FieldSkillTerms, ix.opts.Rank.SkillBoost)
	}
	for _, n := range sq.names {
		add(n, FieldSkillNames, 2*ix.opts.Rank.SkillBoost)
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// skillFilter matches the careers that list every one of skills (names
// normalised).
func skillFilter(skills []string) query.Query {
	qs := make([]query.Query, len(skills))
	for i, s := range skills {
		t := bleve.NewTermQuery(s)
		t.SetField(FieldSkillNames)
		qs[i] = t
	}
	return bleve.NewConjunctionQuery(qs...)
}

// Skill flags, kept per career and skill for the ranker (which weighs
// them: rank.SkillFlagWeight).
const (
	skillHot      = rank.SkillHot
	skillInDemand = rank.SkillInDemand
	skillOptional = rank.SkillOptional
)

// skillShape is what the ranker and the facet know of one listed skill:
// which name it is (an index into skillIndex.list), its number of words
// and its flags.
type skillShape struct {
	name  int
	size  int
	flags int
}

// skillName is one distinct skill of the index: its normalised name, the
// name as most careers write it, and how many careers list it.
type skillName struct {
	Norm    string `json:"k"`
	Name    string `json:"n"`
	Careers int    `json:"c"`
}

// skillsTable is stored as skillsKey: every skill name, and each career's
// skills as "name size flags name size flags ...".
type skillsTable struct {
	Names   []*skillName      `json:"names"`
	Careers map[string]string `json:"careers,omitempty"`
	// Spelled holds, by career and position, a skill written otherwise
	// than its name's usual spelling, for the highlights.
	Spelled map[string]map[int]string `json:"spelled,omitempty"`
}

func skillsData(careers []*career.Career) ([]byte, error) {
	var t skillsTable
	t.Careers = map[string]string{}
	t.Spelled = map[string]map[int]string{}
	byNorm := map[string]int{}
	spellings := map[string]map[string]int{}
	type careerSpelling struct {
		id    string
		names []string
	}
	var all []careerSpelling
	var spelled []string
	for _, c := range careers {
		if len(c.Skills) == 0 {
			continue
		}
		seen := map[string]bool{}
		shape := make([]string, 0, 3*len(c.Skills))
		for _, s := range c.Skills {
			spelled = append(spelled, s.Name)
			norm := normalizeSkill(s.Name)
			flags := 0
			if s.HotTechnology {
				flags |= skillHot
			}
			if s.InDemand {
				flags |= skillInDemand
			}
			if s.Optional {
				flags |= skillOptional
			}
			id, ok := byNorm[norm]
			if !ok {
				id = len(t.Names)
				byNorm[norm] = id
				t.Names = append(t.Names, &skillName{Norm: norm})
				spellings[norm] = map[string]int{}
			}
			shape = append(shape, strconv.Itoa(id), strconv.Itoa(max(1, len(skillTerms(s.Name)))), strconv.Itoa(flags))
			if seen[norm] {
				continue
			}
			seen[norm] = true
			spellings[norm][strings.Join(strings.Fields(s.Name), " ")]++
			t.Names[id].Careers++
		}
		t.Careers[c.ID] = strings.Join(shape, " ")
		all = append(all, careerSpelling{c.ID, spelled})
		spelled = nil
	}
	for _, n := range t.Names {
		best, k := "", -1
		for s, c := range spellings[n.Norm] {
			if c > k || c == k && s < best {
				best, k = s, c
			}
		}
		n.Name = best
	}
	for _, cs := range all {
		for pos, name := range cs.names {
			if name != t.Names[byNorm[normalizeSkill(name)]].Name {
				if t.Spelled[cs.id] == nil {
					t.Spelled[cs.id] = map[int]string{}
				}
				t.Spelled[cs.id][pos] = name
			}
		}
	}
	return json.Marshal(t)
}

// facetCounts is the scratch space of one facet count: a count per skill
// name and the names met, to clear them after.
type facetCounts struct {
	n   []int32
	met []int
}

// skillIndex is the skills table in memory.
type skillIndex struct {
	// counts pools facetCounts for the facet.
	counts sync.Pool
	list   []*skillName
	names  map[string]*skillName
	// terms holds every word of a skill name (skillTerms).
	terms map[string]bool
	// stemKeys holds each name as the English analyzer sees it, its
	// terms joined by spaces ("forklift" for "Forklifts"); postings
	// lists, for each such term, the names that hold it.
	stemKeys map[string]bool
	postings map[string][]int
	shapes   map[string][]skillShape
	// nameNums holds, by career, the name number of each of its skills:
	// the facet reads only these, packed; rankShapes what the ranking
	// reads of them (rank.Tables.Skills).
	nameNums   map[string][]int32
	rankShapes map[string][]rank.SkillShape
	spelled    map[string]map[int]string
	// docNames holds the same name numbers by Bleve's document number,
	// flat: those of document n are docNames[docStart[n]:docStart[n+1]]
	// (numberDocs). The facet of a search's window reads them without a
	// map lookup per career.
	docNames []int32
	docStart []int32
	docIDs   []string
	// docList is list in the numbering of docNames: the most listed
	// names first, so that the counters a window touches most share a
	// few cache lines (the facet's order does not depend on numbering).
	docList []*skillName
}

// numberDocs lays the careers' name numbers out by document number, ids
// being the generation's docTable.ids.
func (si *skillIndex) numberDocs(ids []string) {
	total := 0
	for _, id := range ids {
		total += len(si.nameNums[id])
	}
	order := make([]int32, len(si.list))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return si.list[b].Careers - si.list[a].Careers })
	renumber := make([]int32, len(si.list))
	si.docList = make([]*skillName, len(si.list))
	for k, old := range order {
		renumber[old] = int32(k)
		si.docList[k] = si.list[old]
	}
	si.docNames = make([]int32, 0, total)
	si.docStart = make([]int32, len(ids)+1)
	for n, id := range ids {
		si.docStart[n] = int32(len(si.docNames))
		for _, name := range si.nameNums[id] {
			si.docNames = append(si.docNames, renumber[name])
		}
	}
	si.docStart[len(ids)] = int32(len(si.docNames))
	si.docIDs = ids
}

// docSkills returns the name numbers of h's career by its document
// number, ok false when the number is not that career's (numberDocs).
func (si *skillIndex) docSkills(h *search.DocumentMatch) (nums []int32, ok bool) {
	if len(h.IndexInternalID) != 8 {
		return nil, false
	}
	n := h.IndexInternalID.Value()
	if n >= uint64(len(si.docIDs)) || si.docIDs[n] != h.ID {
		return nil, false
	}
	return si.docNames[si.docStart[n]:si.docStart[n+1]], true
}

// texts returns the skills of career id as it writes them, by position.
func (si *skillIndex) texts(id string) []string {
	shapes := si.shapes[id]
	out := make([]string, len(shapes))
	for i, sh := range shapes {
		if s, ok := si.spelled[id][i]; ok {
			out[i] = s
		} else {
			out[i] = si.list[sh.name].Name
		}
	}
	return out
}

func (ix *Index) loadSkills(raw []byte) (*skillIndex, error) {
	var t skillsTable
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, err
	}
	si := &skillIndex{list: t.Names, names: make(map[string]*skillName, len(t.Names)), terms: map[string]bool{},
		stemKeys: make(map[string]bool, len(t.Names)), postings: map[string][]int{}, shapes: make(map[string][]skillShape, len(t.Careers)),
		spelled: t.Spelled}
	for id, n := range t.Names {
		si.names[n.Norm] = n
		for _, w := range skillTerms(n.Norm) {
			si.terms[w] = true
		}
		terms := ix.analyze(n.Norm)
		si.stemKeys[strings.Join(terms, " ")] = true
		for _, term := range terms {
			si.postings[term] = append(si.postings[term], id)
		}
	}
	for id, s := range t.Careers {
		ns := lensOf(s)
		shapes := make([]skillShape, len(ns)/3)
		for i := range shapes {
			shapes[i] = skillShape{name: int(ns[3*i]), size: int(ns[3*i+1]), flags: int(ns[3*i+2])}
			if shapes[i].name < 0 || shapes[i].name >= len(si.list) {
				return nil, fmt.Errorf("career %s: skill %d of %d names", id, shapes[i].name, len(si.list))
			}
		}
		si.shapes[id] = shapes
		nums := make([]int32, len(shapes))
		rs := make([]rank.SkillShape, len(shapes))
		for i, sh := range shapes {
			nums[i] = int32(sh.name)
			rs[i] = rank.SkillShape{Size: sh.size, Flags: sh.flags}
		}
		if si.rankShapes == nil {
			si.rankShapes = make(map[string][]rank.SkillShape, len(t.Careers))
		}
		si.rankShapes[id] = rs
		if si.nameNums == nil {
			si.nameNums = make(map[string][]int32, len(t.Careers))
		}
		si.nameNums[id] = nums
	}
	return si, nil
}

// holdsAll reports whether one skill name holds every one of terms.
func (si *skillIndex) holdsAll(terms []string) bool {
	if len(terms) == 0 {
		return false
	}
	common := si.postings[terms[0]]
	for _, t := range terms[1:] {
		if len(common) == 0 {
			return false
		}
		next := si.postings[t]
		var both []int
		for i, j := 0, 0; i < len(common) && j < len(next); {
			switch {
			case common[i] == next[j]:
				both = append(both, common[i])
				i++
				j++
			case common[i] < next[j]:
				i++
			default:
				j++
			}
		}
		common = both
	}
	return len(common) > 0
}

// facet counts the skills the careers ids list and returns the n most
// listed, by count then name.
func (si *skillIndex) facet(ids []string, n int) []career.FacetValue {
	return si.count(si.list, func(yield func([]int32) bool) {
		for _, id := range ids {
			if !yield(si.nameNums[id]) {
				return
			}
		}
	}, n)
}

// facetHits is facet for the careers of hits, read by document number.
func (si *skillIndex) facetHits(hits search.DocumentMatchCollection, n int) []career.FacetValue {
	for _, h := range hits {
		if _, ok := si.docSkills(h); !ok {
			return si.facet(hitIDs(hits), n)
		}
	}
	return si.count(si.docList, func(yield func([]int32) bool) {
		for _, h := range hits {
			nums, _ := si.docSkills(h)
			if !yield(nums) {
				return
			}
		}
	}, n)
}

// count counts the skills of the careers whose name numbers (in names)
// lists yields and returns the n most listed, by count then name. It
// keeps the best n as it goes rather than sorting every skill: a window
// of O*NET careers lists thousands.
func (si *skillIndex) count(names []*skillName, lists iter.Seq[[]int32], n int) []career.FacetValue {
	// Counts by name number in a pooled array, and the names met: a map
	// of a window's few thousand skills cost a sixth of an O*NET search.
	fc, _ := si.counts.Get().(*facetCounts)
	if fc == nil || len(fc.n) < len(si.list) {
		fc = &facetCounts{n: make([]int32, len(si.list))}
	}
	defer func() {
		for _, name := range fc.met {
			fc.n[name] = 0
		}
		fc.met = fc.met[:0]
		si.counts.Put(fc)
	}()
	for nums := range lists {
		for _, name := range nums {
			if fc.n[name] == 0 {
				fc.met = append(fc.met, int(name))
			}
			fc.n[name]++
		}
	}
	better := func(a, b career.FacetValue) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	}
	top := make([]career.FacetValue, 0, n+1)
	for _, name := range fc.met {
		c := int(fc.n[name])
		if len(top) == n && c < top[n-1].Count {
			continue
		}
		v := career.FacetValue{Value: names[name].Name, Count: c}
		if len(top) == n && !better(v, top[n-1]) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return better(v, top[i]) })
		top = append(top, career.FacetValue{})
		copy(top[i+1:], top[i:])
		top[i] = v
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

// hasSkillMatch reports whether a hit matched in a skill field.
func hasSkillMatch(locs search.FieldTermLocationMap) bool {
	return len(locs[career.FieldSkills]) > 0 || len(locs[FieldSkillTerms]) > 0 || len(locs[FieldSkillNames]) > 0
}

// skillHighlights returns the hit's matched skills, in the order the
// career lists them, with the matched words marked: the whole name for
// an exact match. texts are the stored skill names by position.
func skillHighlights(locs search.FieldTermLocationMap, texts []string) []string {
	type span struct{ start, end int }
	marks := map[uint64][]span{}
	for _, field := range []string{career.FieldSkills, FieldSkillTerms, FieldSkillNames} {
		for _, ls := range locs[field] {
			for _, l := range ls {
				if len(l.ArrayPositions) == 0 || int(l.ArrayPositions[0]) >= len(texts) {
					continue
				}
				pos := l.ArrayPositions[0]
				sp := span{int(l.Start), int(l.End)}
				if field == FieldSkillNames {
					sp = span{0, len(texts[pos])}
				}
				marks[pos] = append(marks[pos], sp)
			}
		}
	}
	positions := make([]uint64, 0, len(marks))
	for p := range marks {
		positions = append(positions, p)
	}
	sort.Slice(positions, func(i, j int) bool { return positions[i] < positions[j] })
	if len(positions) > maxSkillHighlights {
		positions = positions[:maxSkillHighlights]
	}
	out := make([]string, 0, len(positions))
	for _, p := range positions {
		text := texts[p]
		sps := marks[p]
		sort.Slice(sps, func(i, j int) bool { return sps[i].start < sps[j].start })
		var b strings.Builder
		at := 0
		for _, sp := range sps {
			if sp.end > len(text) || sp.start < at {
				if sp.end > at && sp.end <= len(text) {
					// Overlaps the previous mark: extend it.
					s := b.String()
					s = strings.TrimSuffix(s, "</mark>")
					b.Reset()
					b.WriteString(s)
					b.WriteString(html.EscapeString(text[at:sp.end]))
					b.WriteString("</mark>")
					at = sp.end
				}
				continue
			}
			b.WriteString(html.EscapeString(text[at:sp.start]))
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(text[sp.start:sp.end]))
			b.WriteString("</mark>")
			at = sp.end
		}
		b.WriteString(html.EscapeString(text[at:]))
		out = append(out, b.String())
	}
	return out
}

// skillFacet counts the skills the careers ids list (the first hits, see
// search), marking the selected skills and adding those without a count
// so the user can untick them.
func (ix *Index) skillFacet(ids []string, selected []string) []career.FacetValue {
	if ix.skills == nil {
		return []career.FacetValue{}
	}
	return ix.markSkills(ix.skills.facet(ids, SkillFacetSize), selected)
}

// skillFacetHits is skillFacet for the careers of hits.
func (ix *Index) skillFacetHits(hits search.DocumentMatchCollection, selected []string) []career.FacetValue {
	if ix.skills == nil {
		return []career.FacetValue{}
	}
	return ix.markSkills(ix.skills.facetHits(hits, SkillFacetSize), selected)
}

// markSkills marks the selected skills in a skills facet, adding those
// without a count so the user can untick them.
func (ix *Index) markSkills(out []career.FacetValue, selected []string) []career.FacetValue {
	for _, s := range selected {
		found := false
		for i := range out {
			if normalizeSkill(out[i].Value) == s {
				out[i].Selected = true
				found = true
			}
		}
		if !found {
			out = append(out, career.FacetValue{Value: ix.skillDisplay(s), Selected: true})
		}
	}
	return out
}

// skillDisplay names a normalised skill as the careers write it.
func (ix *Index) skillDisplay(norm string) string {
	if ix.skills != nil {
		if n := ix.skills.names[norm]; n != nil && n.Name != "" {
			return n.Name
		}
	}
	return norm
}
