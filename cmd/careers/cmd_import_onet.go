package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/career"
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
	var res *onet.Result
	err := a.importTo("import onet", "O*NET", out, force, onetFileRE, func() ([]*career.Career, error) {
		var err error
		res, err = onet.Import(dir, opts)
		if err != nil {
			return nil, err
		}
		return res.Careers, nil
	})
	if err != nil {
		return err
	}
	out = filepath.Clean(out)

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

var onetFileRE = regexp.MustCompile(`^[0-9]{2}-[0-9]{4}\.[0-9]{2}\.md$`)
