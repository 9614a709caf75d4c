package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func (a *app) similarCmd() *cobra.Command {
	var (
		size   int
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "similar ID",
		Short: "List the careers most like a career: its curated related careers first, then by shared words",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, err := a.openIndex(cmd)
			if err != nil {
				return err
			}
			defer ix.Close()
			sim, err := ix.Similar(a.ctx, args[0], size)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"id": args[0], "similar": sim})
			}
			for i, s := range sim {
				why := "related"
				if !s.Curated {
					why = "shares " + strings.Join(s.Shared, ", ")
				}
				fmt.Fprintf(a.stdout, "%2d. %s  [%s]  %s  (%s)\n", i+1, s.Title, s.Category, s.ID, why)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&size, "size", 10, "how many careers")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON")
	cmd.Flags().String("index", "", "index directory (config index.path)")
	a.bind(cmd, "index.path", "index")
	return cmd
}

func (a *app) suggestCmd() *cobra.Command {
	var size int
	cmd := &cobra.Command{
		Use:   "suggest TEXT...",
		Short: "Complete a title, alias or specialisation from the words typed so far",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, err := a.openIndex(cmd)
			if err != nil {
				return err
			}
			defer ix.Close()
			sug, err := ix.Suggest(a.ctx, strings.Join(args, " "), size)
			if err != nil {
				return err
			}
			for _, s := range sug {
				fmt.Fprintf(a.stdout, "%s  (%s of %s, %s)\n", s.Text, s.Kind, s.Title, s.ID)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&size, "size", 8, "how many suggestions")
	cmd.Flags().String("index", "", "index directory (config index.path)")
	a.bind(cmd, "index.path", "index")
	return cmd
}
