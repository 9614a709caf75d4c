// Package config carries the default configuration file, careers.yaml,
// into the binary, so that the defaults live in one file that people read
// and that the program uses even when run away from the source tree.
package config

import _ "embed"

// Default is the content of careers.yaml.
//
//go:embed careers.yaml
var Default []byte
