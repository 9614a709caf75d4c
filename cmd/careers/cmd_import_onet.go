package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/importer/onet"
)

// defaultOnetOut is where import onet writes when --out is not given: beside
// the hand-written corpus, not in it.
const defaultOnetOut = "corpus-onet"

func (a *app) importOnetCmd() *cobra.Command {
	var (
		opts  onet.Options
		out   string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "onet DIR",
		Short: "Import the O*NET database (text edition) as one corpus file per occupation",
		Long: `import onet reads the O*NET database in its tab-separated text form (DIR holds
"Occupation Data.txt", "Task Statements.txt", "Alternate Titles.txt",
"Job Zones.txt", "Related Occupations.txt", "Technology Skills.txt" and
"Tools Used.txt") and writes one career file per occupation into --out,
named after its O*NET-SOC code.

The category is the career cluster when --clusters names O*NET OnLine's
All_Career_Clusters.csv, else the SOC major group. Duties are the task
statements, core tasks first, named "Core task", "Supplemental task" or
"Task" (not rated). Skills are the technology examples, with O*NET's hot
technology and in-demand flags (in-demand ones first), then the tool
examples; --no-skills leaves both out. Every file carries a source block with the CC BY 4.0
attribution.

Every file is read back with the imported rules before anything is written
to --out; on any problem --out is left as it was. --out must be empty or
missing; --force replaces a previous import (a directory holding only
O*NET-SOC .md files), never any other directory.`,
		Example: `  careers import onet ../shared/data/onet-30.1 \
      --clusters ../shared/data/onet-career-clusters/All_Career_Clusters.csv --out corpus-onet`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.importOnet(args[0], out, force, opts)
		},
	}
	cmd.Flags().StringVar(&opts.ClustersFile, "clusters", "", "career-cluster export (All_Career_Clusters.csv); default category is the SOC major group")
	cmd.Flags().StringVar(&out, "out", defaultOnetOut, "directory to write the career files into")
	cmd.Flags().BoolVar(&opts.NoAliases, "no-aliases", false, "leave the alternate titles out")
	cmd.Flags().BoolVar(&opts.NoSkills, "no-skills", false, "leave the technology skills and tools out")
	cmd.Flags().BoolVar(&force, "force", false, "replace --out if it holds a previous O*NET import")
	return cmd
}

func (a *app) importOnet(dir, out string, force bool, opts onet.Options) error {
	start := time.Now()
	if out == "" {
		return errors.New("import onet: --out is empty")
	}
	out = filepath.Clean(out)
	if err := checkOnetOut(out, force); err != nil {
		return err
	}
	res, err := onet.Import(dir, opts)
	if err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("import onet: %w", err)
	}
	// A dot name, so that a corpus reader walking parent skips it.
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return fmt.Errorf("import onet: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	probs, err := a.writeOnet(tmp, res.Careers)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(a.stderr, p.String())
		}
		fmt.Fprintf(a.stderr, "import onet: %d problems in the formatted careers; nothing was written to %s\n", len(probs), out)
		return errReported
	}
	if err := replaceDir(tmp, out); err != nil {
		return err
	}
	done = true

	st := res.Stats
	fmt.Fprintf(a.stdout, "imported %d occupations from %s into %s in %s\n",
		st.Occupations, dir, out, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(a.stdout, "  tasks:      %d (%d core, %d supplemental, %d not rated); %d occupations have none\n",
		st.Tasks(), st.CoreTasks, st.SupplementalTasks, st.UnratedTasks, st.WithoutTasks)
	if opts.NoAliases {
		fmt.Fprintf(a.stdout, "  aliases:    none (--no-aliases)\n")
	} else {
		fmt.Fprintf(a.stdout, "  aliases:    %d (%d repeating a title skipped)\n", st.Aliases, st.AliasesSkipped)
	}
	if opts.NoSkills {
		fmt.Fprintf(a.stdout, "  skills:     none (--no-skills)\n")
	} else {
		fmt.Fprintf(a.stdout, "  skills:     %d technologies (%d hot, %d in demand) and %d tools; %d listed twice by one occupation merged\n",
			st.Technologies, st.HotTechnologies, st.InDemand, st.Tools, st.SkillsMerged)
	}
	fmt.Fprintf(a.stdout, "  categories: %d %s", st.Categories, st.CategoryScheme)
	if n := len(st.ClustersInferred); n > 0 {
		fmt.Fprintf(a.stdout, "; %d not in the cluster file took their SOC siblings' (%s)", n, strings.Join(st.ClustersInferred, ", "))
	}
	if n := len(st.ClustersFallback); n > 0 {
		fmt.Fprintf(a.stdout, "; %d not in the cluster file use their SOC major group (%s)", n, strings.Join(st.ClustersFallback, ", "))
	}
	fmt.Fprintln(a.stdout)
	fmt.Fprintf(a.stdout, "  related:    %d links", st.Related)
	if st.RelatedDropped > 0 {
		fmt.Fprintf(a.stdout, " (%d to codes outside the import dropped)", st.RelatedDropped)
	}
	fmt.Fprintf(a.stdout, "; job zones: %d\n", st.JobZones)
	fmt.Fprintf(a.stdout, "  source:     %s, %s (%s)\n", res.Source.Dataset, res.Source.Release, res.Source.License)
	return nil
}

// writeOnet formats every career into dir and reads each file back with the
// imported rules. A career that does not read back as it was formatted is a
// problem too, so Format and Parse cannot drift apart unnoticed.
func (a *app) writeOnet(dir string, careers []*career.Career) (career.Problems, error) {
	var probs career.Problems
	docs := make([]*corpus.Doc, 0, len(careers))
	prog := newProgress(a.stderr, "writing")
	for i, c := range careers {
		if err := a.ctx.Err(); err != nil {
			return nil, err
		}
		data, err := corpus.Format(c)
		if err != nil {
			return nil, err
		}
		name := filepath.Join(dir, c.ID+".md")
		doc, ps := corpus.Parse(name, data, corpus.Imported)
		probs = append(probs, ps...)
		if len(ps) == 0 && !reflect.DeepEqual(doc.Career, c) {
			probs = append(probs, career.Problem{File: name, Line: 1,
				Message: "does not read back as it was written (corpus.Format and corpus.Parse disagree)"})
		}
		docs = append(docs, doc)
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return nil, fmt.Errorf("import onet: %w", err)
		}
		prog.update(i+1, len(careers))
	}
	probs = append(probs, corpus.CrossCheck(docs)...)
	probs.Sort()
	return probs, nil
}

var onetFileRE = regexp.MustCompile(`^[0-9]{2}-[0-9]{4}\.[0-9]{2}\.md$`)

// checkOnetOut refuses an --out that exists and is not empty, unless force
// is set and it holds nothing but a previous import's files.
func checkOnetOut(out string, force bool) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("import onet: --out: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if !force {
		return career.Errorf(career.EINVALID, "import onet: --out %s is not empty; use --force to replace a previous import", out)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !onetFileRE.MatchString(e.Name()) {
			return career.Errorf(career.EINVALID,
				"import onet: --out %s holds %s, which no O*NET import wrote; not replacing it, even with --force", out, e.Name())
		}
	}
	return nil
}

// replaceDir puts tmp in out's place: out appears whole or not at all.
func replaceDir(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("import onet: %w", err)
		}
		return nil
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("import onet: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return fmt.Errorf("import onet: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("import onet: removing the previous import: %w", err)
	}
	return nil
}
