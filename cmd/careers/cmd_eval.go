package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/eval"
)

func (a *app) evalCmd() *cobra.Command {
	var (
		benchmarks []string
		judgements string
		plain      string
		onetDir    string
		asJSON     bool
		paramsFile string
		worst      int
	)
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Measure ranking quality on judged queries (nDCG@10, MRR@10, recall)",
		Long: `eval runs judged queries through the same search path as the API and prints
nDCG@10, MRR@10, Recall@1, Recall@10, the zero-result rate and the median
query time for each benchmark:

  handwritten  the judged queries in testdata/judgements (for the shipped corpus)
  titles       O*NET reported titles -> their occupations (needs --onet, and an
               index built from 'careers import onet --no-aliases')
  tasks        O*NET detailed work activities -> occupations with a linked task
               (needs --onet and the same index)
  plain        everyday-word queries (tasks, interests, informal job names,
               lifestyle) judged from O*NET's descriptions, in
               testdata/judgements-plain (needs --onet, and an index built
               from 'careers import onet' WITH aliases, as a user runs it)
  skills       a seeded sample of 400 O*NET technology and tool examples listed
               by at most ten occupations -> the occupations that list them
               (needs --onet and an index of 'careers import onet', with its
               skills); read Recall@10 and R-precision

--params FILE evaluates another ranking: a YAML (or JSON) file of
rank.Params keys (title_weight, feedback_terms, boosts...; their shipped
values are rank.Defaults in internal/rank/params.go) whose values replace
the shipped ones for this run only. search.ranking switches that are off
stay off. The parameters that differ from the shipped ones are printed
before the figures.`,
		Example: `  careers eval
  careers import onet ../shared/data/onet-30.1 --no-aliases --out /tmp/onet
  careers index --corpus /tmp/onet --index /tmp/onet-index
  careers eval --index /tmp/onet-index --onet ../shared/data/onet-30.1 --benchmark titles --benchmark tasks --benchmark skills
  careers import onet ../shared/data/onet-30.1 --out /tmp/onet-aliases
  careers index --corpus /tmp/onet-aliases --index /tmp/onet-aliases-index
  careers eval --index /tmp/onet-aliases-index --onet ../shared/data/onet-30.1 --benchmark plain
  printf 'title_weight: 20\nfeedback_terms: 0\n' > /tmp/params.yaml
  careers eval --params /tmp/params.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, params, err := a.openIndexWith(cmd, paramsFile)
			if err != nil {
				return err
			}
			defer ix.Close()
			// Say what the figures are for when the ranking is not the
			// shipped one; on stderr with --json, so stdout stays JSON.
			if changes := params.Changes(); len(changes) > 0 {
				w := a.stdout
				if asJSON {
					w = a.stderr
				}
				fmt.Fprintf(w, "ranking: rank.Defaults except %s\n", strings.Join(changes, ", "))
			}
			var reports []*eval.Report
			for _, name := range benchmarks {
				var b *eval.Benchmark
				switch name {
				case "handwritten":
					b, err = eval.LoadJSONL(name, judgements)
				case "titles":
					b, err = eval.ONetTitles(onetDir)
				case "tasks":
					b, err = eval.ONetTasks(onetDir)
				case "plain":
					b, err = eval.ONetPlain(plain, onetDir)
				case "skills":
					b, err = eval.ONetSkills(onetDir, eval.SkillsSample, eval.SkillsSeed)
				default:
					return fmt.Errorf("--benchmark: unknown benchmark %q (handwritten, titles, tasks, plain, skills)", name)
				}
				if err != nil {
					return err
				}
				r, err := eval.Run(a.ctx, ix, b, worst)
				if err != nil {
					return err
				}
				reports = append(reports, r)
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(reports)
			}
			fmt.Fprintf(a.stdout, "%-12s %7s %7s %7s %7s %7s %7s %6s %9s\n", "benchmark", "queries", "nDCG@10", "MRR@10", "R@1", "R@10", "R-prec", "zero", "median ms")
			for _, r := range reports {
				fmt.Fprintf(a.stdout, "%-12s %7d %7.3f %7.3f %7.3f %7.3f %7.3f %5.1f%% %9.2f\n", r.Benchmark, r.Queries,
					r.NDCG10, r.MRR10, r.Recall1, r.Recall10, r.RPrecision, 100*r.ZeroResultRate, r.MedianQueryMS)
			}
			for _, r := range reports {
				if len(r.Worst) == 0 {
					continue
				}
				fmt.Fprintf(a.stdout, "\nworst queries of %s:\n", r.Benchmark)
				for _, q := range r.Worst {
					fmt.Fprintf(a.stdout, "  rr %.2f ndcg %.2f %q top %s want %s\n", q.RR, q.NDCG, q.Query,
						strings.Join(q.Top, ","), strings.Join(eval.FirstN(q.Want, 3), ","))
				}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&benchmarks, "benchmark", []string{"handwritten"}, "benchmark to run: handwritten, titles, tasks, plain, skills (repeatable)")
	cmd.Flags().StringVar(&judgements, "judgements", "testdata/judgements", "directory or .jsonl file of judged queries (handwritten)")
	cmd.Flags().StringVar(&plain, "plain", "testdata/judgements-plain", "directory or .jsonl file of plain-language judged queries (plain)")
	cmd.Flags().StringVar(&onetDir, "onet", "../shared/data/onet-30.1", "O*NET database directory (titles, tasks, plain, skills)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the reports as JSON")
	cmd.Flags().IntVar(&worst, "worst", 5, "list this many worst queries per benchmark")
	cmd.Flags().StringVar(&paramsFile, "params", "", "YAML or JSON file of ranking parameters (rank.Params keys) that replace the shipped values for this evaluation")
	cmd.Flags().String("index", "", "index directory (config index.path)")
	a.bind(cmd, "index.path", "index")
	return cmd
}
