package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/corpus"
)

func (a *app) checkCmd() *cobra.Command {
	var rules string
	cmd := &cobra.Command{
		Use:   "check [DIR|FILE]...",
		Short: "Validate corpus files and report every problem in every file",
		Long: `check reads every career file under the given directories (default: the
configured corpus.dirs) and reports each problem as
FILE:LINE: FIELD: MESSAGE (RULES rules). Hand-written files are checked by
the rules of --rules (default corpus.rules); files an importer wrote (they
carry a source block) by the imported rules. It exits non-zero if there is
any problem.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			dirs := cfg.Corpus.Dirs
			if len(args) > 0 {
				dirs = args
			}
			name := cfg.Corpus.Rules
			if rules != "" {
				name = rules
			}
			r, ok := corpus.RulesByName(name)
			if !ok {
				return fmt.Errorf("--rules: unknown profile %q (editorial, basic, imported)", name)
			}
			loaded, err := corpus.Load(dirs, r, nil)
			if err != nil {
				return err
			}
			for _, p := range loaded.Problems {
				fmt.Fprintln(a.stdout, p.String())
			}
			if n := len(loaded.Problems); n > 0 {
				fmt.Fprintf(a.stderr, "%d problems in %d files\n", n, len(loaded.Docs))
				return errReported
			}
			imported := 0
			for _, d := range loaded.Docs {
				if d.Career.Source != nil {
					imported++
				}
			}
			switch {
			case imported == 0 || r.Name == corpus.Imported.Name:
				fmt.Fprintf(a.stdout, "%d careers checked (%s rules): no problems\n", len(loaded.Docs), r.Name)
			default:
				fmt.Fprintf(a.stdout, "%d careers checked, %d hand-written (%s rules) and %d imported (imported rules): no problems\n",
					len(loaded.Docs), len(loaded.Docs)-imported, r.Name, imported)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&rules, "rules", "", "validation profile: editorial, basic or imported (default corpus.rules)")
	return cmd
}
