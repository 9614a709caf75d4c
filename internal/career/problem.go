package career

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one validation finding in a source file.
type Problem struct {
	File    string
	Line    int
	Field   string
	Message string
	// Rules names the validation profile the file was checked by
	// ("editorial", "imported"), when the checker says; it is printed
	// after the message.
	Rules string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Rules != "" {
		fmt.Fprintf(&b, " (%s rules)", p.Rules)
	}
	return b.String()
}

// Problems is a list of validation findings; as an error it lists them all.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file and line.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// Err returns ps as an error, or nil when it is empty.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
