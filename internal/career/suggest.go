package career

// Suggestion is one completion offered while the user types: a career's
// title, one of its aliases or one of its specialisation names whose words
// start with the words typed so far.
type Suggestion struct {
	// Text is the completed text as written in the corpus.
	Text string `json:"text"`
	// Kind says where Text comes from: "title", "alias" or "specialisation".
	Kind string `json:"kind"`
	// ID is the id of the career the text belongs to.
	ID string `json:"id"`
	// Title is that career's title (equal to Text when Kind is "title").
	Title string `json:"title"`
	// Highlight is Text, HTML-escaped, with the typed prefixes wrapped in
	// <mark>…</mark>.
	Highlight string `json:"highlight"`
}
