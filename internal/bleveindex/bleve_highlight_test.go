package bleveindex

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// wordFragmenter is Bleve's simple fragmenter with fragment edges moved to
// word boundaries: the fragmenter the index gave Bleve's simple highlighter
// before highlight.go replaced it. The tests keep it, with bleveHighlighter,
// as the reference the new highlighter must match passage for passage.
type wordFragmenter struct {
	inner *simplefrag.Fragmenter
	size  int
}

func newWordFragmenter(size int) *wordFragmenter {
	return &wordFragmenter{inner: simplefrag.NewFragmenter(size), size: size}
}

func (w *wordFragmenter) Fragment(orig []byte, ot highlight.TermLocations) []*highlight.Fragment {
	if utf8.RuneCount(orig) <= w.size {
		return []*highlight.Fragment{{Orig: orig, Start: 0, End: len(orig)}}
	}
	frags := w.inner.Fragment(orig, ot)
	for _, f := range frags {
		firstTerm, lastTerm := f.End, f.Start
		for _, tl := range ot {
			if tl.Start >= f.Start && tl.End <= f.End {
				firstTerm = min(firstTerm, tl.Start)
				lastTerm = max(lastTerm, tl.End)
			}
		}
		if f.Start > 0 && !isSpaceBefore(orig, f.Start) {
			// Drop the partial word at the start, unless that drops a match.
			if i := bytes.IndexFunc(orig[f.Start:], unicode.IsSpace); i >= 0 && f.Start+i < firstTerm {
				f.Start += i + 1
			}
		}
		if f.End < len(orig) && !isSpaceAt(orig, f.End) {
			if i := bytes.LastIndexFunc(orig[:f.End], unicode.IsSpace); i > lastTerm && i > f.Start {
				f.End = i
			}
		}
	}
	return frags
}

// bleveHighlighter is Bleve's simple highlighter set up as the index set it
// up before highlight.go: the reference for the tests and the benchmark.
func bleveHighlighter(size int) *simplehl.Highlighter {
	return simplehl.NewHighlighter(newWordFragmenter(size),
		htmlformat.NewFragmentFormatter("<mark>", "</mark>"), "…")
}
