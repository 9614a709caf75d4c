package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// importOnetCmd is being written; see issue 4.
func (a *app) importOnetCmd() *cobra.Command {
	return &cobra.Command{Use: "onet DIR", Short: "Import the O*NET database (not yet available)",
		RunE: func(*cobra.Command, []string) error { return errors.New("import onet: not yet available") }}
}
