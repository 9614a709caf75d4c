package main

import "github.com/spf13/cobra"

func (a *app) importCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Turn outside career data into corpus files",
	}
	cmd.AddCommand(a.importPageCmd(), a.importOnetCmd(), a.importEscoCmd())
	return cmd
}
