package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/importer/esco"
)

// defaultEscoOut is where import esco writes when --out is not given: beside
// the hand-written corpus, not in it.
const defaultEscoOut = "corpus-esco"

func (a *app) importEscoCmd() *cobra.Command {
	var (
		out   string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "esco DIR",
		Short: "Import the ESCO classification (CSV edition) as one corpus file per occupation",
		Long: `import esco reads the ESCO classification as the ESCO portal serves it: DIR holds
the English classification zip ("ESCO dataset - v1.1.1 - classification - en -
csv.zip": occupations_en.csv, skills_en.csv, ISCOGroups_en.csv) and the
language-independent one ("ESCO dataset - v1.1.1 - classification -  -
csv.zip": occupationSkillRelations.csv, broaderRelationsOccPillar.csv), or
those CSV files extracted, or a mix. It writes one career file per
occupation into --out, named after its id: "esco-" and the slug of its
preferred label.

The title is the preferred label, the aliases the alternative labels, the
summary the description, the category the ISCO-08 major group
("Professionals"), the skills the essential skills followed by the optional
ones (marked optional), and the related careers the broader and narrower
occupations. ESCO lists no tasks, so the careers have no duties. Every file
carries a source block with the credit the ESCO licence asks for.

Every file is read back with the imported rules before anything is written
to --out; on any problem --out is left as it was. --out must be empty or
missing; --force replaces a previous import (a directory holding only
esco-*.md files), never any other directory.`,
		Example: `  careers import esco ../shared/data/esco-1.1.1 --out corpus-esco`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.importEsco(args[0], out, force)
		},
	}
	cmd.Flags().StringVar(&out, "out", defaultEscoOut, "directory to write the career files into")
	cmd.Flags().BoolVar(&force, "force", false, "replace --out if it holds a previous ESCO import")
	return cmd
}

var escoFileRE = regexp.MustCompile(`^esco-[a-z0-9]+(?:-[a-z0-9]+)*\.md$`)

func (a *app) importEsco(dir, out string, force bool) error {
	start := time.Now()
	var res *esco.Result
	err := a.importTo("import esco", "ESCO", out, force, escoFileRE, func() ([]*career.Career, error) {
		var err error
		res, err = esco.Import(dir)
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
	fmt.Fprintf(a.stdout, "  skills:     %d essential, %d optional (%d distinct); %d repeated links skipped; %d occupations have none\n",
		st.Essential, st.Optional, st.DistinctSkills, st.SkillLinksRepeated, st.WithoutSkills)
	fmt.Fprintf(a.stdout, "  aliases:    %d (%d repeating a label skipped)\n", st.Aliases, st.AliasesSkipped)
	fmt.Fprintf(a.stdout, "  categories: %d ISCO-08 major groups\n", st.Categories)
	fmt.Fprintf(a.stdout, "  related:    %d links (broader and narrower occupations)\n", st.Related)
	if st.OrphanLinks > 0 {
		fmt.Fprintf(a.stdout, "  skipped:    %d links to %d concepts that occupations_en.csv and skills_en.csv lack: %s\n",
			st.OrphanLinks, len(st.OrphanURIs), strings.Join(st.OrphanURIs, ", "))
	}
	if st.IDsSuffixed > 0 {
		fmt.Fprintf(a.stdout, "  ids:        %d labels shared a slug and got a numbered id\n", st.IDsSuffixed)
	}
	fmt.Fprintf(a.stdout, "  source:     %s (%s)\n", res.Source.Dataset, res.Source.License)
	return nil
}
