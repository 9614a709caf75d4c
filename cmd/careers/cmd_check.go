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
configured corpus.dirs) and reports each problem as FILE:LINE: FIELD: MESSAGE.
It exits non-zero if there is any.`,
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
			fmt.Fprintf(a.stdout, "%d careers checked (%s rules): no problems\n", len(loaded.Docs), r.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&rules, "rules", "", "validation profile: editorial, basic or imported (default corpus.rules)")
	return cmd
}
