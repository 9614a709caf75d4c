// Package config carries the default configuration file, careers.yaml,
// and the synonym file into the binary, so that the defaults live in one file that people read
// and that the program uses even when run away from the source tree.
package config

import _ "embed"

// Default is the content of careers.yaml.
//
//go:embed careers.yaml
var Default []byte

// Synonyms is the content of synonyms.txt, used when the configured
// synonym file is the default one and the program runs away from the
// source tree.
//
//go:embed synonyms.txt
var Synonyms []byte
