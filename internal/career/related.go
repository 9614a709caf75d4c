package career

// RelatedPhrase is a phrase related to a word that names a job, from a
// general-language thesaurus: "bartender" for "mixologist". The index uses
// such phrases for words its corpus lacks.
type RelatedPhrase struct {
	Phrase string `json:"phrase"`
	// Via is RelatedSynonym, RelatedBroader or RelatedDerived.
	Via string `json:"via"`
}

// How a related phrase is related to its word.
const (
	// RelatedSynonym names the same job ("mixologist", "bartender").
	RelatedSynonym = "synonym"
	// RelatedBroader names the kind of job the word is ("skycap", "porter").
	RelatedBroader = "broader"
	// RelatedDerived is the word's root ("welder", "weld").
	RelatedDerived = "derived"
)

// RelatedWords maps words (or phrases) that name a job to related phrases.
type RelatedWords map[string][]RelatedPhrase

// WordForms maps a word to the other forms of it that a general-language
// dictionary derives from it or it from them ("inspect": "inspection",
// "inspector"), so that a query in one form finds text in another.
type WordForms map[string][]string
