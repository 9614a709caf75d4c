// Package onet turns the O*NET database, in its published tab-separated text
// form, into careers: one per O*NET-SOC occupation, with its description,
// task statements, alternate titles, job zone, related occupations, the
// technology and tool examples as skills, and a category (the career
// cluster, or the SOC major group).
//
// It reads only the files named by the file* constants (and, if asked, the
// career-cluster export). In particular it never opens Sample of Reported
// Titles.txt, DWA Reference.txt or Tasks to DWAs.txt: those are the
// judgements of the relevance benchmarks and must not reach the corpus.
package onet

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/careersearch/careers/internal/career"
)

// The database files the importer reads.
const (
	fileOccupations = "Occupation Data.txt"
	fileTasks       = "Task Statements.txt"
	fileAltTitles   = "Alternate Titles.txt"
	fileJobZones    = "Job Zones.txt"
	fileRelated     = "Related Occupations.txt"
	fileTechnology  = "Technology Skills.txt"
	fileTools       = "Tools Used.txt"
	// fileReadMe is optional; its first line names the release.
	fileReadMe = "Read Me.txt"
)

// Duty names. A task statement has no name of its own, and the corpus format
// needs one, so a duty is named after the task's O*NET Task Type: the only
// thing the database says about a task besides its text. Tasks whose type is
// "n/a" (not rated) are plain "Task".
const (
	DutyCore         = "Core task"
	DutySupplemental = "Supplemental task"
	DutyUnrated      = "Task"
)

// Release defaults, used when DIR has no Read Me.txt naming its release.
const (
	defaultVersion = "30.1"
	defaultRelease = "December 2025 Release"
	databaseURL    = "https://www.onetcenter.org/database.html"
	license        = "CC BY 4.0"
)

// Options change what Import produces.
type Options struct {
	// ClustersFile is the path of O*NET OnLine's career-cluster export
	// (All_Career_Clusters.csv). When set, an occupation's category is its
	// career cluster; otherwise it is its SOC major group.
	ClustersFile string
	// NoAliases leaves the alternate titles out.
	NoAliases bool
	// NoSkills leaves the technology skills and tools out (and does not
	// open their files).
	NoSkills bool
}

// Result is an imported database.
type Result struct {
	// Careers are sorted by id (the O*NET-SOC code).
	Careers []*career.Career
	Stats   Stats
	// Source is the credit every career carries.
	Source career.Source
}

// Stats counts what an import produced.
type Stats struct {
	Occupations       int
	CoreTasks         int
	SupplementalTasks int
	UnratedTasks      int
	// WithoutTasks counts occupations that have no task statement (O*NET
	// has none for the "All Other" occupations and most military ones);
	// their duties are empty.
	WithoutTasks int
	Aliases      int
	// AliasesSkipped counts alternate titles left out because they repeat
	// the title or an earlier alternate title (ignoring case).
	AliasesSkipped int
	Related        int
	// RelatedDropped counts related codes left out because they are not
	// occupations of this import, or repeat.
	RelatedDropped int
	JobZones       int
	// Technologies and Tools count the skills imported from each file;
	// HotTechnologies and InDemand those flagged so. SkillsMerged counts
	// examples an occupation lists twice (ignoring case), kept once with
	// the flags of both.
	Technologies    int
	Tools           int
	HotTechnologies int
	InDemand        int
	SkillsMerged    int
	Categories      int
	// CategoryScheme is "career clusters" or "SOC major groups".
	CategoryScheme string
	// ClustersInferred lists occupations missing from the cluster file
	// whose cluster was taken from occupations sharing their SOC code;
	// ClustersFallback those that got their SOC major group instead.
	ClustersInferred []string
	ClustersFallback []string
}

// Tasks returns the number of task statements imported.
func (s Stats) Tasks() int { return s.CoreTasks + s.SupplementalTasks + s.UnratedTasks }

// Import reads the O*NET database in dir.
func Import(dir string, opts Options) (*Result, error) {
	if info, err := os.Stat(dir); err != nil {
		return nil, &InputError{File: dir, Msg: "cannot read the database directory: " + errMsg(err), Err: err}
	} else if !info.IsDir() {
		return nil, &InputError{File: dir, Msg: "not a directory: give the directory holding the O*NET text files"}
	}
	return importFS(os.DirFS(dir), dir, opts)
}

// importFS reads the database from fsys; dir only prefixes file names in
// errors.
func importFS(fsys fs.FS, dir string, opts Options) (*Result, error) {
	im := &importer{fsys: fsys, dir: dir, opts: opts, occ: map[string]*occupation{}}
	if err := im.readReadMe(); err != nil {
		return nil, err
	}
	type step struct {
		file string
		read func(*table) error
		need []string
	}
	steps := []step{
		{fileOccupations, im.readOccupations, []string{colCode, "Title", "Description"}},
		{fileTasks, im.readTasks, []string{colCode, "Task", "Task Type"}},
		{fileAltTitles, im.readAltTitles, []string{colCode, "Alternate Title"}},
		{fileJobZones, im.readJobZones, []string{colCode, "Job Zone"}},
		{fileRelated, im.readRelated, []string{colCode, "Related O*NET-SOC Code", "Index"}},
	}
	if !opts.NoSkills {
		steps = append(steps,
			step{fileTechnology, im.readTechnology, []string{colCode, "Example", "Hot Technology", "In Demand"}},
			step{fileTools, im.readTools, []string{colCode, "Example"}})
	}
	for _, s := range steps {
		if err := im.readTable(s.file, s.read, s.need); err != nil {
			return nil, err
		}
	}
	var cat map[string]string
	if opts.ClustersFile != "" {
		f, err := os.Open(opts.ClustersFile)
		if err != nil {
			return nil, &InputError{File: opts.ClustersFile, Msg: "cannot open: " + errMsg(err), Err: err}
		}
		rows, err := readClusters(f, opts.ClustersFile, im.known())
		f.Close()
		if err != nil {
			return nil, err
		}
		cat, im.stats.ClustersInferred, im.stats.ClustersFallback = assignClusters(im.codes, rows)
		im.stats.CategoryScheme = "career clusters"
	} else {
		im.stats.CategoryScheme = "SOC major groups"
	}
	return im.result(cat), nil
}

const colCode = "O*NET-SOC Code"

var codeRE = regexp.MustCompile(`^[0-9]{2}-[0-9]{4}\.[0-9]{2}$`)

// occupation gathers one occupation's rows from the files.
type occupation struct {
	code, title, description  string
	core, supplemental, other []string
	aliases                   []string
	aliasSeen                 map[string]bool
	related                   []related
	jobZone                   int
	jobZoneLine               int
	// skills in file order (technologies, then tools); skillAt finds one
	// by its lower-case name.
	skills  []career.Skill
	skillAt map[string]int
}

type related struct {
	code  string
	index int
}

type importer struct {
	fsys  fs.FS
	dir   string
	opts  Options
	occ   map[string]*occupation
	codes []string // in file order
	stats Stats
	src   career.Source
}

func (im *importer) path(name string) string {
	if im.dir == "" {
		return name
	}
	return filepath.Join(im.dir, name)
}

func (im *importer) known() map[string]bool {
	k := make(map[string]bool, len(im.occ))
	for c := range im.occ {
		k[c] = true
	}
	return k
}

func (im *importer) readTable(name string, read func(*table) error, need []string) error {
	f, err := im.fsys.Open(name)
	if err != nil {
		msg := "cannot open: " + errMsg(err)
		if errors.Is(err, fs.ErrNotExist) {
			msg = "missing: the O*NET text database must contain this file"
		}
		return &InputError{File: im.path(name), Msg: msg, Err: err}
	}
	defer f.Close()
	t, err := newTable(f, im.path(name), need...)
	if err != nil {
		return err
	}
	return read(t)
}

// each calls fn for every record of t.
func each(t *table, fn func(row []string) error) error {
	for {
		row, err := t.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// lookup returns the occupation a linked file's record is about.
func (im *importer) lookup(t *table, row []string) (*occupation, error) {
	code := t.get(row, colCode)
	o := im.occ[code]
	if o == nil {
		return nil, t.errf("unknown O*NET-SOC code %q (not in %s)", code, fileOccupations)
	}
	return o, nil
}

func (im *importer) readOccupations(t *table) error {
	first := map[string]int{}
	return each(t, func(row []string) error {
		code := t.get(row, colCode)
		if !codeRE.MatchString(code) {
			return t.errf("%q is not an O*NET-SOC code (NN-NNNN.NN)", code)
		}
		if _, ok := socMajorGroups[majorGroup(code)]; !ok {
			return t.errf("%s: %q is not a SOC major group", code, majorGroup(code))
		}
		if l, dup := first[code]; dup {
			return t.errf("%s listed twice (first on line %d)", code, l)
		}
		first[code] = t.line
		o := &occupation{code: code, title: t.get(row, "Title"), description: t.get(row, "Description"),
			aliasSeen: map[string]bool{}}
		if o.title == "" || o.title == "n/a" {
			return t.errf("%s has no Title", code)
		}
		if o.description == "" || o.description == "n/a" {
			return t.errf("%s has no Description", code)
		}
		o.aliasSeen[strings.ToLower(o.title)] = true
		im.occ[code] = o
		im.codes = append(im.codes, code)
		return nil
	})
}

func (im *importer) readTasks(t *table) error {
	return each(t, func(row []string) error {
		o, err := im.lookup(t, row)
		if err != nil {
			return err
		}
		task := t.get(row, "Task")
		if task == "" {
			return t.errf("empty Task")
		}
		switch typ := t.get(row, "Task Type"); typ {
		case "Core":
			o.core = append(o.core, task)
		case "Supplemental":
			o.supplemental = append(o.supplemental, task)
		case "n/a", "":
			o.other = append(o.other, task)
		default:
			return t.errf("Task Type %q: want Core, Supplemental or n/a", typ)
		}
		return nil
	})
}

func (im *importer) readAltTitles(t *table) error {
	return each(t, func(row []string) error {
		o, err := im.lookup(t, row)
		if err != nil {
			return err
		}
		title := strings.Join(strings.Fields(t.get(row, "Alternate Title")), " ")
		if title == "" || title == "n/a" {
			return t.errf("empty Alternate Title")
		}
		if key := strings.ToLower(title); o.aliasSeen[key] {
			im.stats.AliasesSkipped++
		} else {
			o.aliasSeen[key] = true
			o.aliases = append(o.aliases, title)
		}
		return nil
	})
}

func (im *importer) readJobZones(t *table) error {
	return each(t, func(row []string) error {
		o, err := im.lookup(t, row)
		if err != nil {
			return err
		}
		z, err := strconv.Atoi(t.get(row, "Job Zone"))
		if err != nil || z < 1 || z > 5 {
			return t.errf("Job Zone %q: want a whole number from 1 to 5", t.get(row, "Job Zone"))
		}
		if o.jobZone != 0 {
			return t.errf("second job zone for %s (first on line %d)", o.code, o.jobZoneLine)
		}
		o.jobZone, o.jobZoneLine = z, t.line
		return nil
	})
}

func (im *importer) readRelated(t *table) error {
	return each(t, func(row []string) error {
		o, err := im.lookup(t, row)
		if err != nil {
			return err
		}
		idx, err := strconv.Atoi(t.get(row, "Index"))
		if err != nil {
			return t.errf("Index %q: want a whole number", t.get(row, "Index"))
		}
		o.related = append(o.related, related{code: t.get(row, "Related O*NET-SOC Code"), index: idx})
		return nil
	})
}

// readTechnology reads Technology Skills.txt: each example is a skill,
// with O*NET's Hot Technology and In Demand flags (Y or N).
func (im *importer) readTechnology(t *table) error {
	return each(t, func(row []string) error {
		o, err := im.lookup(t, row)
		if err != nil {
			return err
		}
		var flags [2]bool
		for i, col := range []string{"Hot Technology", "In Demand"} {
			switch v := t.get(row, col); v {
			case "Y":
				flags[i] = true
			case "N":
			default:
				return t.errf("%s %q: want Y or N", col, v)
			}
		}
		return im.addSkill(t, o, row, career.Skill{HotTechnology: flags[0], InDemand: flags[1]}, &im.stats.Technologies)
	})
}

// readTools reads Tools Used.txt: each example is a skill.
func (im *importer) readTools(t *table) error {
	return each(t, func(row []string) error {
		o, err := im.lookup(t, row)
		if err != nil {
			return err
		}
		return im.addSkill(t, o, row, career.Skill{}, &im.stats.Tools)
	})
}

// addSkill adds row's Example to o as s (with s's flags), merging an
// example o already lists.
func (im *importer) addSkill(t *table, o *occupation, row []string, s career.Skill, n *int) error {
	s.Name = strings.Join(strings.Fields(t.get(row, "Example")), " ")
	if s.Name == "" || s.Name == "n/a" {
		return t.errf("empty Example")
	}
	key := strings.ToLower(s.Name)
	if o.skillAt == nil {
		o.skillAt = map[string]int{}
	}
	if i, ok := o.skillAt[key]; ok {
		o.skills[i].HotTechnology = o.skills[i].HotTechnology || s.HotTechnology
		o.skills[i].InDemand = o.skills[i].InDemand || s.InDemand
		im.stats.SkillsMerged++
		return nil
	}
	o.skillAt[key] = len(o.skills)
	o.skills = append(o.skills, s)
	*n++
	return nil
}

// readReadMe takes the release's name from the first two lines of Read Me.txt
// ("O*NET 30.1 Database", "December 2025 Release"), if the file is there.
func (im *importer) readReadMe() error {
	version, release := defaultVersion, defaultRelease
	data, err := fs.ReadFile(im.fsys, fileReadMe)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return &InputError{File: im.path(fileReadMe), Msg: "cannot read: " + errMsg(err), Err: err}
	default:
		lines := strings.SplitN(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n", 3)
		m := readMeRE.FindStringSubmatch(strings.TrimSpace(lines[0]))
		if m == nil {
			return errAt(im.path(fileReadMe), 1, "want the release's name, like \"O*NET 30.1 Database\"")
		}
		version, release = m[1], ""
		if len(lines) > 1 {
			release = strings.TrimSpace(lines[1])
		}
	}
	im.src = career.Source{
		Dataset: "O*NET " + version + " Database",
		Release: release,
		License: license,
		URL:     databaseURL,
		Attribution: "This product includes information from the O*NET " + version + " Database by the " +
			"U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). " +
			"Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA.",
	}
	return nil
}

var readMeRE = regexp.MustCompile(`^O\*NET ([0-9][0-9.]*) Database$`)

// result builds the careers. cat maps codes to career clusters; nil means
// SOC major groups.
func (im *importer) result(cat map[string]string) *Result {
	src := im.src
	if cat != nil {
		src.Attribution += " Career clusters from O*NET OnLine (USDOL/ETA, CC BY 4.0), " +
			"after the National Career Clusters® Framework of Advance CTE."
	}
	sort.Strings(im.codes)
	st := &im.stats
	st.Occupations = len(im.codes)
	categories := map[string]bool{}
	careers := make([]*career.Career, 0, len(im.codes))
	for _, code := range im.codes {
		o := im.occ[code]
		s := src
		c := &career.Career{
			ID:      code,
			Title:   o.title,
			Summary: o.description,
			JobZone: o.jobZone,
			Source:  &s,
		}
		if cat != nil {
			c.Category = cat[code]
		} else {
			c.Category = socMajorGroups[majorGroup(code)]
		}
		categories[c.Category] = true
		for _, g := range []struct {
			name  string
			tasks []string
			n     *int
		}{{DutyCore, o.core, &st.CoreTasks}, {DutySupplemental, o.supplemental, &st.SupplementalTasks}, {DutyUnrated, o.other, &st.UnratedTasks}} {
			for _, task := range g.tasks {
				c.Duties = append(c.Duties, career.Item{Name: g.name, Description: task})
			}
			*g.n += len(g.tasks)
		}
		if len(c.Duties) == 0 {
			st.WithoutTasks++
		}
		if !im.opts.NoAliases && len(o.aliases) > 0 {
			c.Aliases = o.aliases
			st.Aliases += len(o.aliases)
		}
		sort.SliceStable(o.related, func(i, j int) bool { return o.related[i].index < o.related[j].index })
		seen := map[string]bool{code: true}
		for _, r := range o.related {
			if im.occ[r.code] == nil || seen[r.code] {
				st.RelatedDropped++
				continue
			}
			seen[r.code] = true
			c.Related = append(c.Related, r.code)
		}
		st.Related += len(c.Related)
		if o.jobZone != 0 {
			st.JobZones++
		}
		if len(o.skills) > 0 {
			// In-demand skills first, then hot technologies, each group in
			// the files' order: a reader sees what employers ask for first.
			c.Skills = slices.Clone(o.skills)
			rank := func(s career.Skill) int {
				switch {
				case s.InDemand:
					return 0
				case s.HotTechnology:
					return 1
				}
				return 2
			}
			sort.SliceStable(c.Skills, func(i, j int) bool { return rank(c.Skills[i]) < rank(c.Skills[j]) })
			for _, s := range c.Skills {
				if s.HotTechnology {
					st.HotTechnologies++
				}
				if s.InDemand {
					st.InDemand++
				}
			}
		}
		careers = append(careers, c)
	}
	st.Categories = len(categories)
	return &Result{Careers: careers, Stats: *st, Source: src}
}

// errMsg drops the path an fs error repeats, since InputError names the file.
func errMsg(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return fmt.Sprint(err)
}
