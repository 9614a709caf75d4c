package career

import (
	"reflect"
	"testing"
)

func TestPassages(t *testing.T) {
	hl := map[string][]string{
		FieldTitle:           {"<mark>Remote</mark> Sensing"},
		FieldAliases:         {"<mark>Remote</mark> <mark>Work</mark> Lead"},
		FieldSpecialisations: {"<mark>Works</mark> as a freelancer"},
		FieldDuties:          {"a <mark>working</mark> integration", "how things <mark>work</mark> and <mark>WORK</mark>"},
		FieldWorkplace:       {"<mark>remote</mark> <mark>work</mark> from home"},
	}
	var got []string
	for _, p := range Passages(hl) {
		got = append(got, p.Field+": "+p.Text)
	}
	want := []string{
		// Two distinct words: the workplace before the alias.
		"workplace: <mark>remote</mark> <mark>work</mark> from home",
		"aliases: <mark>Remote</mark> <mark>Work</mark> Lead",
		// One word: duties (in order), then specialisations; no title.
		"duties: a <mark>working</mark> integration",
		"duties: how things <mark>work</mark> and <mark>WORK</mark>",
		"specialisations: <mark>Works</mark> as a freelancer",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Passages:\n got %q\nwant %q", got, want)
	}
}
