package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// Live serves searches from whatever generation is current under root and
// swaps in a rebuilt one without a restart. A search holds a reference to
// the generation it started on; an old generation is closed only when its
// last search has finished, so no request fails during a swap.
//
// A generation that cannot be opened (damaged segments, missing tables, a
// panic inside Bleve) never replaces the one being served: it is counted
// and logged once, and skipped while `current` names it. At start-up Live
// falls back to the newest older generation that opens.
type Live struct {
	root string
	opts Options
	log  *slog.Logger

	reloadMu sync.Mutex // one reload at a time
	mu       sync.RWMutex
	cur      *handle
	reloads  int
	// bad is the generation `current` names that failed to open, and
	// badWhy why, in words without paths; both guarded by mu.
	bad, badWhy string
	// lastErr is the last reload error logged, so that an error that stays
	// (an unreadable link) is logged once, not at every poll.
	lastErr string
	// OnReload, if set, is called after each attempt to open a generation:
	// once per generation, with the error if it failed.
	OnReload func(gen string, err error)
}

type handle struct {
	ix   *Index
	refs sync.WaitGroup
}

// NewLive opens the current generation under root if there is one. It
// never fails on the index: without one, or when no generation opens,
// searches answer EUNAVAILABLE until a build appears and Reload (or Watch)
// picks it up. The error is kept for callers; it is always nil.
func NewLive(root string, opts Options, log *slog.Logger) (*Live, error) {
	return NewLiveObserved(root, opts, log, nil), nil
}

// NewLiveObserved is NewLive with OnReload set before the first generation
// is opened, so that a damaged one at start-up is counted too.
func NewLiveObserved(root string, opts Options, log *slog.Logger, onReload func(gen string, err error)) *Live {
	if log == nil {
		log = slog.Default()
	}
	l := &Live{root: root, opts: opts, log: log, OnReload: onReload}
	l.Reload()
	if l.current() == nil && l.damaged() != "" {
		l.fallBack()
	}
	return l
}

// Reload opens the current generation if it differs from the one being
// served and swaps it in. It reports whether it swapped. A generation that
// failed before is not tried again while `current` names it: the earlier
// error is returned without being logged or counted again.
func (l *Live) Reload() (bool, error) {
	l.reloadMu.Lock()
	defer l.reloadMu.Unlock()
	gen, err := CurrentGeneration(l.root)
	if err != nil {
		l.logOnce(err)
		return false, err
	}
	l.mu.RLock()
	same := l.cur != nil && l.cur.ix.gen == gen
	bad, badWhy := l.bad, l.badWhy
	l.mu.RUnlock()
	if same {
		l.setBad("", "")
		return false, nil
	}
	if gen == bad {
		return false, career.Errorf(career.EUNAVAILABLE, "generation %s cannot be opened: %s", gen, badWhy)
	}
	ix, err := openGeneration(l.root, gen, l.opts)
	if l.OnReload != nil {
		l.OnReload(gen, err)
	}
	if err != nil {
		why := "it could not be read"
		var ge *GenerationError
		if errors.As(err, &ge) {
			why = ge.Reason
		}
		l.setBad(gen, why)
		if l.current() != nil {
			l.log.Error("index generation cannot be opened; still serving the previous one", "err", err)
		} else {
			l.log.Error("index generation cannot be opened", "err", err)
		}
		return false, err
	}
	l.swap(ix)
	l.setBad("", "") // `current` names the generation served
	return true, nil
}

// swap makes ix the served generation and closes the previous one once
// its searches end.
func (l *Live) swap(ix *Index) {
	l.mu.Lock()
	old := l.cur
	l.cur = &handle{ix: ix}
	l.reloads++
	l.mu.Unlock()
	l.lastErr = ""
	if old != nil {
		// No new search can take old now; close it once the running ones end.
		go func() {
			old.refs.Wait()
			old.ix.Close()
		}()
	}
	// Opening decodes the generation's small tables (skills, vocabulary)
	// and walks its postings for the docTable (the large tables are read
	// in place from the mapped tables file); hand that garbage back to the
	// operating system now rather than keep it as resident memory.
	debug.FreeOSMemory()
	l.log.Info("index opened", "generation", ix.gen, "careers", ix.meta.Careers)
}

// fallBack serves the newest generation on disk, older than the damaged
// current one, that opens. Builds keep the previous generation, so after
// a rebuild whose result is damaged there usually is one.
func (l *Live) fallBack() {
	entries, err := os.ReadDir(l.root)
	if err != nil {
		return
	}
	var gens []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) && e.Name() != l.damaged() {
			gens = append(gens, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(gens)))
	for _, gen := range gens {
		if gen > l.damaged() {
			continue // newer than current: a build in progress never links it
		}
		ix, err := openGeneration(l.root, gen, l.opts)
		if err != nil {
			l.log.Error("older index generation cannot be opened either", "err", err)
			continue
		}
		l.log.Warn("serving an older index generation until a good one is built",
			"generation", gen, "damaged", l.damaged())
		l.swap(ix)
		return
	}
}

// logOnce logs a reload error unless it is the one logged last; a missing
// index is not an error worth logging.
func (l *Live) logOnce(err error) {
	if career.ErrorCode(err) == career.EUNAVAILABLE || err.Error() == l.lastErr {
		return
	}
	l.lastErr = err.Error()
	l.log.Error("index reload failed", "err", err)
}

func (l *Live) setBad(gen, why string) {
	l.mu.Lock()
	l.bad, l.badWhy = gen, why
	l.mu.Unlock()
}

func (l *Live) current() *handle {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.cur
}

func (l *Live) damaged() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.bad
}

// Problem says, in words fit for clients, why the generation `current`
// names is not being served; "" when it is (or there is none).
func (l *Live) Problem() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.bad == "" {
		return ""
	}
	return fmt.Sprintf("index generation %s cannot be opened: %s", l.bad, l.badWhy)
}

// Watch polls the current link every interval and reloads when it
// changes, until ctx is done. Reload logs what fails, once.
func (l *Live) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.Reload()
		}
	}
}

// acquire returns the current index and a release function. Its errors
// are shown to clients, so they name no path.
func (l *Live) acquire() (*Index, func(), error) {
	l.mu.RLock()
	h := l.cur
	if h == nil {
		bad, why := l.bad, l.badWhy
		l.mu.RUnlock()
		if bad != "" {
			return nil, nil, career.Errorf(career.EUNAVAILABLE,
				"no index to search: generation %s cannot be opened (%s); rebuild it with `careers index`", bad, why)
		}
		return nil, nil, career.Errorf(career.EUNAVAILABLE, "no index yet: build it with `careers index`")
	}
	h.refs.Add(1)
	l.mu.RUnlock()
	return h.ix, h.refs.Done, nil
}

// Search implements career.Searcher.
func (l *Live) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	ix, release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := ix.Search(withSearchLimits(ctx), q)
	if err != nil {
		return nil, limitError(err)
	}
	res.Generation = ix.gen
	return res, nil
}

// Career implements career.Searcher.
func (l *Live) Career(ctx context.Context, id string) (*career.Career, error) {
	ix, release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	return ix.Career(ctx, id)
}

// Categories implements career.Searcher.
func (l *Live) Categories(ctx context.Context) ([]career.FacetValue, error) {
	ix, release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	return ix.Categories(ctx)
}

// Info implements career.Searcher. Its Problem says why the generation
// `current` names is not served, also when no generation is (with the
// error).
func (l *Live) Info(ctx context.Context) (career.IndexInfo, error) {
	ix, release, err := l.acquire()
	if err != nil {
		return career.IndexInfo{Problem: l.Problem()}, err
	}
	defer release()
	in, err := ix.Info(ctx)
	in.Problem = l.Problem()
	return in, err
}

// Suggest implements career.Searcher.
func (l *Live) Suggest(ctx context.Context, q string, n int) ([]career.Suggestion, error) {
	ix, release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	return ix.Suggest(ctx, q, n)
}

// Similar implements career.Searcher.
func (l *Live) Similar(ctx context.Context, id string, n int) ([]career.SimilarCareer, error) {
	ix, release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	return ix.Similar(withSearchLimits(ctx), id, n)
}

// Reloads counts the generations opened so far.
func (l *Live) Reloads() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.reloads
}

// Close closes the served generation after its searches finish.
func (l *Live) Close() error {
	l.mu.Lock()
	h := l.cur
	l.cur = nil
	l.mu.Unlock()
	if h == nil {
		return nil
	}
	h.refs.Wait()
	return h.ix.Close()
}
