package httpapi

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckQuery: checkQuery accepts exactly the query strings Go's own
// parser reads without dropping anything, so a request is either refused
// with a message or read whole.
func FuzzCheckQuery(f *testing.F) {
	for _, seed := range []string{
		"", "q=data", "q=%zz", "%zz=1", "q=data;size=2", "q=a&q=b", "q=data%3B", "a=1&&b=2", "=", "q", "+=+",
		"category=Health+Roles&category=Data+Roles&page=2&size=5&explain=true", "q=%e2%82%ac", "q=%",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := checkQuery(raw)
		_, goErr := url.ParseQuery(raw)
		if (err == nil) != (goErr == nil) {
			t.Errorf("checkQuery(%q) = %v, url.ParseQuery: %v", raw, err, goErr)
		}
		if err != nil && len(err.Error()) > 300 {
			t.Errorf("message of %d bytes repeats the query", len(err.Error()))
		}
	})
}

func TestCheckQueryCountsParameters(t *testing.T) {
	if err := checkQuery(strings.Repeat("a=1&", maxQueryParams-1) + "a=1"); err != nil {
		t.Errorf("%d parameters: %v", maxQueryParams, err)
	}
	if err := checkQuery(strings.Repeat("a=1&", maxQueryParams) + "a=1"); err == nil {
		t.Errorf("%d parameters accepted", maxQueryParams+1)
	}
}
