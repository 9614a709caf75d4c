package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// importPageCmd is being written; see issue 3.
func (a *app) importPageCmd() *cobra.Command {
	return &cobra.Command{Use: "page FILE...", Short: "Import saved career pages (not yet available)",
		RunE: func(*cobra.Command, []string) error { return errors.New("import page: not yet available") }}
}
