package corpus

// Rules are the editorial requirements a corpus file must meet beyond being
// well formed. Hand-written careers follow Editorial; careers imported from a
// dataset (those with a source block) follow Imported, because a dataset
// has no specialisations or workplace text to offer.
type Rules struct {
	Name               string
	MinSummaryWords    int
	MaxSummaryWords    int // 0 means no maximum
	MinDuties          int
	MinSpecialisations int
	MinWorkplaceWords  int
	MaxWorkplaceWords  int // 0 means no maximum
	MinAliases         int
	MinRelated         int
	// MinSkills is the least number of entries in '## Skills'; above 0 the
	// section is required.
	MinSkills              int
	RequireWorkplace       bool
	RequireSpecialisations bool
}

// Editorial is the profile of the hand-written corpus.
var Editorial = Rules{
	Name:                   "editorial",
	MinSummaryWords:        120,
	MaxSummaryWords:        250,
	MinDuties:              5,
	MinSpecialisations:     3,
	MinWorkplaceWords:      60,
	MaxWorkplaceWords:      200,
	MinAliases:             1,
	MinRelated:             3,
	MinSkills:              5,
	RequireWorkplace:       true,
	RequireSpecialisations: true,
}

// Basic is the profile that checks only that a file is well formed and
// complete: the four sections present, items named and described.
var Basic = Rules{
	Name:                   "basic",
	MinSummaryWords:        1,
	MinDuties:              1,
	MinSpecialisations:     1,
	MinWorkplaceWords:      1,
	RequireWorkplace:       true,
	RequireSpecialisations: true,
}

// Imported is the profile of careers imported from a dataset.
var Imported = Rules{
	Name:            "imported",
	MinSummaryWords: 1,
	MinDuties:       0,
}

// RulesByName returns the named profile.
func RulesByName(name string) (Rules, bool) {
	switch name {
	case Editorial.Name:
		return Editorial, true
	case Basic.Name:
		return Basic, true
	case Imported.Name:
		return Imported, true
	}
	return Rules{}, false
}
