// Package esco turns the ESCO classification (European Skills, Competences,
// Qualifications and Occupations), in the CSV edition the ESCO portal
// publishes, into careers: one per occupation, with its preferred label as
// title, its alternative labels as aliases, its description as summary, its
// essential and optional skills, its ISCO-08 major group as category and
// its broader and narrower occupations as related careers.
//
// ESCO describes no tasks, so an imported career has no duties; what it
// needs and knows is in its skills. The importer writes no text of its own
// into a career: every word comes from ESCO.
package esco

import (
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

// The CSV files the importer reads, as named in the ESCO downloads.
const (
	fileOccupations = "occupations_en.csv"
	fileSkills      = "skills_en.csv"
	fileISCO        = "ISCOGroups_en.csv"
	fileBroader     = "broaderRelationsOccPillar.csv"
	fileRelations   = "occupationSkillRelations.csv"
)

// Where each file comes in a download from the ESCO portal, for the error
// that says one is missing.
const (
	hintEnglish   = `the classification zip in English, "ESCO dataset - v1.1.1 - classification - en - csv.zip", holds it`
	hintRelations = `the language-independent zip, "ESCO dataset - v1.1.1 - classification -  - csv.zip", holds it`
)

// IDPrefix starts every imported id, so that ESCO careers never collide with
// O*NET's (whose ids are O*NET-SOC codes) or hand-written ones.
const IDPrefix = "esco-"

const (
	portalURL = "https://esco.ec.europa.eu"
	license   = "Commission Decision 2011/833/EU on the reuse of Commission documents"
)

// Result is an imported classification.
type Result struct {
	// Careers are sorted by id.
	Careers []*career.Career
	Stats   Stats
	// Source is the credit every career carries.
	Source career.Source
}

// Stats counts what an import produced.
type Stats struct {
	Occupations int
	Aliases     int
	// AliasesSkipped counts alternative labels left out because they repeat
	// the preferred label or an earlier alternative label (ignoring case).
	AliasesSkipped int
	Essential      int // essential skills listed, over all careers
	Optional       int // optional skills listed
	// SkillLinksRepeated counts occupation–skill links left out because the
	// occupation already lists that skill (an optional link repeating an
	// essential one, or a skill whose label another of its skills has).
	SkillLinksRepeated int
	// DistinctSkills counts the skills at least one career lists.
	DistinctSkills int
	WithoutSkills  int
	// Related counts related-career links: each broader–narrower pair of
	// occupations links both ways.
	Related    int
	Categories int
	// IDsSuffixed counts careers whose label's slug another career took
	// first, so that their id ends in "-2", "-3"...
	IDsSuffixed int
	// OrphanLinks counts skill and broader links left out because they name
	// an occupation or skill that occupations_en.csv or skills_en.csv lacks;
	// OrphanURIs lists those URIs in the order first met.
	OrphanLinks int
	OrphanURIs  []string
}

// Import reads the ESCO classification from dir: the two zips as the ESCO
// portal serves them (the English classification and the
// language-independent relations), their extracted CSV files, or a mix.
func Import(dir string) (*Result, error) {
	src, err := openSource(dir)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	im := &importer{src: src, occ: map[string]*occupation{}, isco: map[string]string{}, skills: map[string]string{}}
	steps := []struct {
		file, hint string
		read       func(*table) error
		need       []string
	}{
		{fileISCO, hintEnglish, im.readISCO, []string{"code", "preferredLabel"}},
		{fileOccupations, hintEnglish, im.readOccupations, []string{"conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description", "code"}},
		{fileSkills, hintEnglish, im.readSkills, []string{"conceptUri", "preferredLabel"}},
		{fileRelations, hintRelations, im.readRelations, []string{"occupationUri", "relationType", "skillUri"}},
		{fileBroader, hintRelations, im.readBroader, []string{"conceptType", "conceptUri", "broaderType", "broaderUri"}},
	}
	for _, s := range steps {
		if err := im.readTable(s.file, s.hint, s.read, s.need); err != nil {
			return nil, err
		}
	}
	return im.result(), nil
}

// occupation gathers one occupation's rows from the files.
type occupation struct {
	uri, code, title, summary, category string
	aliases                             []string
	// skills maps a skill's URI to whether the link is essential;
	// skillOrder keeps the links in file order.
	skills     map[string]bool
	skillOrder []string
	broader    []*occupation
	narrower   []*occupation
	id         string
}

type importer struct {
	src    *source
	occ    map[string]*occupation // by URI
	list   []*occupation          // in file order
	isco   map[string]string      // ISCO-08 code → label
	skills map[string]string      // skill URI → label
	stats  Stats
	// orphans are the URIs links name that no file of concepts holds.
	orphans map[string]bool
}

func (im *importer) readTable(name, hint string, read func(*table) error, need []string) error {
	rc, label, err := im.src.open(name, hint)
	if err != nil {
		return err
	}
	defer rc.Close()
	t, err := newTable(rc, label, need...)
	if err != nil {
		return err
	}
	for {
		err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := read(t); err != nil {
			return err
		}
	}
}

func (im *importer) readISCO(t *table) error {
	code := t.get("code")
	if code == "" || strings.Trim(code, "0123456789") != "" || len(code) > 4 {
		return t.errf("code", "%q is not an ISCO-08 code (one to four digits)", code)
	}
	label := collapse(t.get("preferredLabel"))
	if label == "" {
		return t.errf("preferredLabel", "ISCO group %s has no label", code)
	}
	if _, dup := im.isco[code]; dup {
		return t.errf("code", "ISCO group %s listed twice", code)
	}
	im.isco[code] = label
	return nil
}

func (im *importer) readOccupations(t *table) error {
	uri := t.get("conceptUri")
	if uri == "" {
		return t.errf("conceptUri", "empty")
	}
	if _, dup := im.occ[uri]; dup {
		return t.errf("conceptUri", "%s listed twice", uri)
	}
	o := &occupation{uri: uri, code: t.get("code"), title: collapse(t.get("preferredLabel")), skills: map[string]bool{}}
	if o.title == "" {
		return t.errf("preferredLabel", "empty")
	}
	group := t.get("iscoGroup")
	if _, ok := im.isco[group]; !ok || len(group) != 4 {
		return t.errf("iscoGroup", "%q is not an ISCO-08 unit group of %s", group, fileISCO)
	}
	major, ok := im.isco[group[:1]]
	if !ok {
		return t.errf("iscoGroup", "%s has no major group %s in %s", group, group[:1], fileISCO)
	}
	o.category = major
	o.summary = paragraphs(t.get("description"))
	if o.summary == "" {
		return t.errf("description", "%q has no description", o.title)
	}
	seen := map[string]bool{strings.ToLower(o.title): true}
	for _, a := range strings.Split(t.get("altLabels"), "\n") {
		a = collapse(a)
		if a == "" {
			continue
		}
		if key := strings.ToLower(a); seen[key] {
			im.stats.AliasesSkipped++
		} else {
			seen[key] = true
			o.aliases = append(o.aliases, a)
		}
	}
	im.occ[uri] = o
	im.list = append(im.list, o)
	return nil
}

func (im *importer) readSkills(t *table) error {
	uri := t.get("conceptUri")
	if uri == "" {
		return t.errf("conceptUri", "empty")
	}
	if _, dup := im.skills[uri]; dup {
		return t.errf("conceptUri", "%s listed twice", uri)
	}
	label := collapse(t.get("preferredLabel"))
	if label == "" {
		return t.errf("preferredLabel", "skill %s has no label", uri)
	}
	im.skills[uri] = label
	return nil
}

func (im *importer) readRelations(t *table) error {
	occ, skill := t.get("occupationUri"), t.get("skillUri")
	if occ == "" {
		return t.errf("occupationUri", "empty")
	}
	if skill == "" {
		return t.errf("skillUri", "empty")
	}
	o := im.occ[occ]
	if o == nil {
		im.orphan(occ)
		return nil
	}
	if _, ok := im.skills[skill]; !ok {
		im.orphan(skill)
		return nil
	}
	var essential bool
	switch typ := t.get("relationType"); typ {
	case "essential":
		essential = true
	case "optional":
	default:
		return t.errf("relationType", "%q: want essential or optional", typ)
	}
	if was, ok := o.skills[skill]; ok {
		im.stats.SkillLinksRepeated++
		o.skills[skill] = was || essential
		return nil
	}
	o.skills[skill] = essential
	o.skillOrder = append(o.skillOrder, skill)
	return nil
}

// orphan counts a link that names a concept its file of concepts lacks.
// ESCO 1.1.1 has one: an occupation that occupationSkillRelations.csv (67
// links) and broaderRelationsOccPillar.csv name but occupations_en.csv does
// not hold. Such links cannot become part of a career; they are counted and
// reported, not failed on, so that the published data imports.
func (im *importer) orphan(uri string) {
	im.stats.OrphanLinks++
	if im.orphans == nil {
		im.orphans = map[string]bool{}
	}
	if !im.orphans[uri] {
		im.orphans[uri] = true
		im.stats.OrphanURIs = append(im.stats.OrphanURIs, uri)
	}
}

// readBroader links occupations to their broader occupations. Links to and
// between ISCO groups are the category's business, not related careers.
func (im *importer) readBroader(t *table) error {
	if t.get("conceptType") != "Occupation" || t.get("broaderType") != "Occupation" {
		return nil
	}
	for _, col := range []string{"conceptUri", "broaderUri"} {
		if t.get(col) == "" {
			return t.errf(col, "empty")
		}
	}
	narrow, broad := im.occ[t.get("conceptUri")], im.occ[t.get("broaderUri")]
	if narrow == nil || broad == nil {
		for _, uri := range []string{t.get("conceptUri"), t.get("broaderUri")} {
			if im.occ[uri] == nil {
				im.orphan(uri)
			}
		}
		return nil
	}
	if broad == narrow {
		return t.errf("broaderUri", "an occupation cannot be broader than itself")
	}
	narrow.broader = append(narrow.broader, broad)
	broad.narrower = append(broad.narrower, narrow)
	return nil
}

func (im *importer) source() career.Source {
	dataset, release := "ESCO classification", ""
	if r := im.src.release; r != "" {
		dataset, release = "ESCO classification v"+r, "v"+r
	}
	return career.Source{
		Dataset: dataset,
		Release: release,
		License: license,
		URL:     portalURL,
		Attribution: "This service uses the ESCO classification of the European Commission. " +
			"Modified: occupations with their preferred and alternative labels, description, ISCO-08 major group, " +
			"broader and narrower occupations and essential and optional skills (English), rearranged into career files; " +
			"other fields are left out.",
	}
}

// result assigns ids and builds the careers.
func (im *importer) result() *Result {
	src := im.source()
	st := &im.stats
	st.Occupations = len(im.list)
	im.assignIDs()
	categories := map[string]bool{}
	used := map[string]bool{}
	careers := make([]*career.Career, 0, len(im.list))
	for _, o := range im.list {
		s := src
		c := &career.Career{
			ID:       o.id,
			Title:    capitalise(o.title),
			Category: o.category,
			Aliases:  o.aliases,
			Summary:  o.summary,
			Source:   &s,
		}
		categories[c.Category] = true
		st.Aliases += len(o.aliases)
		c.Skills = im.skillsOf(o)
		for _, sk := range c.Skills {
			used[strings.ToLower(sk.Name)] = true
		}
		if len(c.Skills) == 0 {
			st.WithoutSkills++
		}
		seen := map[string]bool{o.id: true}
		for _, group := range [][]*occupation{o.broader, o.narrower} {
			group = append([]*occupation(nil), group...)
			sort.Slice(group, func(i, j int) bool { return group[i].id < group[j].id })
			for _, r := range group {
				if !seen[r.id] {
					seen[r.id] = true
					c.Related = append(c.Related, r.id)
				}
			}
		}
		st.Related += len(c.Related)
		careers = append(careers, c)
	}
	st.Categories = len(categories)
	st.DistinctSkills = len(used)
	sort.Slice(careers, func(i, j int) bool { return careers[i].ID < careers[j].ID })
	return &Result{Careers: careers, Stats: *st, Source: src}
}

// skillsOf lists the occupation's essential skills, then its optional ones,
// each alphabetically (ESCO ranks neither), one entry per label.
func (im *importer) skillsOf(o *occupation) []career.Skill {
	var essential, optional []career.Skill
	seen := map[string]bool{}
	for _, uri := range o.skillOrder {
		name := im.skills[uri]
		if key := strings.ToLower(name); seen[key] {
			im.stats.SkillLinksRepeated++
			continue
		} else {
			seen[key] = true
		}
		if o.skills[uri] {
			essential = append(essential, career.Skill{Name: name})
		} else {
			optional = append(optional, career.Skill{Name: name, Optional: true})
		}
	}
	byName := func(s []career.Skill) {
		sort.Slice(s, func(i, j int) bool {
			a, b := strings.ToLower(s[i].Name), strings.ToLower(s[j].Name)
			if a != b {
				return a < b
			}
			return s[i].Name < s[j].Name
		})
	}
	byName(essential)
	byName(optional)
	im.stats.Essential += len(essential)
	im.stats.Optional += len(optional)
	return append(essential, optional...)
}

// assignIDs gives each occupation IDPrefix plus the slug of its label. Two
// labels with the same slug are told apart by "-2", "-3"... in the order of
// their ESCO codes, so the same data always gives the same ids.
func (im *importer) assignIDs() {
	byCode := append([]*occupation(nil), im.list...)
	sort.Slice(byCode, func(i, j int) bool {
		if byCode[i].code != byCode[j].code {
			return byCode[i].code < byCode[j].code
		}
		return byCode[i].uri < byCode[j].uri
	})
	taken := map[string]bool{}
	for _, o := range byCode {
		base := IDPrefix + slug(o.title, maxIDLen-len(IDPrefix)-4)
		id := base
		for n := 2; taken[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		if id != base {
			im.stats.IDsSuffixed++
		}
		taken[id] = true
		o.id = id
	}
}

// maxIDLen is the corpus's limit on an id's length.
const maxIDLen = 100

// slug lower-cases s, folds the accented Latin letters ESCO's English labels
// use, and joins the runs of letters and digits with single hyphens, cut at
// a hyphen to at most max bytes. A label with no letter or digit gives
// "occupation".
func slug(s string, max int) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			r = f
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	if out == "" {
		return "occupation"
	}
	return out
}

var fold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ç': 'c',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i',
	'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y',
}

// capitalise upper-cases the first letter of an ESCO label ("welder"), as a
// title is written elsewhere in the corpus, unless the label opens with a
// word spelt with capitals inside it ("eLearning developer").
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	word, _, _ := strings.Cut(s, " ")
	if strings.IndexFunc(word, unicode.IsUpper) >= 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// paragraphs normalises a description as the corpus reads a summary back:
// paragraphs split at blank lines, white space inside each collapsed.
func paragraphs(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = collapse(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// collapse folds runs of white space (including no-break spaces) into single
// spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
