// Package career holds the domain of the careers search engine: the career
// model, search queries and results, the contracts that adapters implement,
// and the error kinds that every layer speaks.
//
// It imports no adapter (no Bleve, echo, viper or file formats), so that the
// index, the HTTP server, the corpus reader and the importers can depend on
// it without depending on each other.
package career

import "time"

// Career is one career as parsed from the corpus.
type Career struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	Category        string   `json:"category"`
	Aliases         []string `json:"aliases,omitempty"`
	Related         []string `json:"related,omitempty"`
	Summary         string   `json:"summary"`
	Duties          []Item   `json:"duties"`
	Specialisations []Item   `json:"specialisations,omitempty"`
	Workplace       string   `json:"workplace,omitempty"`
	// Skills are the skills, tools, technologies and knowledge the role
	// uses, in the order the file lists them.
	Skills []Skill `json:"skills,omitempty"`
	// JobZone is O*NET's preparation level (1–5); 0 when unknown.
	JobZone int     `json:"job_zone,omitempty"`
	Source  *Source `json:"source,omitempty"`
}

// Item is a named entry of a list section: a duty or a specialisation.
type Item struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// String renders the item as it reads in a list: "Name: description".
func (it Item) String() string {
	if it.Description == "" {
		return it.Name
	}
	return it.Name + ": " + it.Description
}

// Skill is one entry of a career's Skills section: a skill, a tool, a
// technology or a body of knowledge, written as people type it ("Python",
// "Microsoft Excel", "forklift", "phlebotomy").
type Skill struct {
	Name string `json:"name"`
	// Note says, briefly, what the role does with it; may be empty.
	Note string `json:"note,omitempty"`
	// HotTechnology and InDemand are O*NET's flags for a technology that
	// employers often ask for, and one that this occupation's job postings
	// ask for. An in-demand skill counts more than an incidental one.
	HotTechnology bool `json:"hot_technology,omitempty"`
	InDemand      bool `json:"in_demand,omitempty"`
	// Optional marks a skill the role may use but does not need (ESCO's
	// optional skills); it weighs less than an essential one.
	Optional bool `json:"optional,omitempty"`
}

// Source credits the dataset a career was imported from. Hand-written
// careers have none; imported ones must carry it because their licences
// require attribution.
type Source struct {
	Dataset     string `json:"dataset" yaml:"dataset"`
	Release     string `json:"release,omitempty" yaml:"release,omitempty"`
	License     string `json:"license" yaml:"license"`
	URL         string `json:"url,omitempty" yaml:"url,omitempty"`
	Attribution string `json:"attribution" yaml:"attribution"`
}

// Field names used in highlights and, later, in the query language. They are
// part of the public API.
const (
	FieldTitle           = "title"
	FieldAliases         = "aliases"
	FieldSummary         = "summary"
	FieldDuties          = "duties"
	FieldSpecialisations = "specialisations"
	FieldWorkplace       = "workplace"
	FieldSkills          = "skills"
	FieldCategory        = "category"
)

// TextFields lists the analysed text fields in the order highlights are shown.
var TextFields = []string{FieldTitle, FieldAliases, FieldSpecialisations, FieldDuties, FieldSummary, FieldWorkplace}

// IndexInfo describes an open index.
type IndexInfo struct {
	Careers    int       `json:"careers"`
	Categories int       `json:"categories"`
	BuiltAt    time.Time `json:"built_at"`
	Generation string    `json:"generation"`
	// Problem, if set, says why the generation the index's `current` link
	// names is not the one served (it could not be opened), in words that
	// name no server path.
	Problem string `json:"problem,omitempty"`
}
