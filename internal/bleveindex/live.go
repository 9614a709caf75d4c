package bleveindex

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// Live serves searches from whatever generation is current under root and
// swaps in a rebuilt one without a restart. A search holds a reference to
// the generation it started on; an old generation is closed only when its
// last search has finished, so no request fails during a swap.
type Live struct {
	root string
	opts Options
	log  *slog.Logger

	reloadMu sync.Mutex // one reload at a time
	mu       sync.RWMutex
	cur      *handle
	reloads  int
	// OnReload, if set, is called after each reload attempt.
	OnReload func(gen string, err error)
}

type handle struct {
	ix   *Index
	refs sync.WaitGroup
}

// NewLive opens the current generation under root if there is one. A
// missing index is not an error: searches answer EUNAVAILABLE until a build
// appears and Reload (or Watch) picks it up.
func NewLive(root string, opts Options, log *slog.Logger) (*Live, error) {
	if log == nil {
		log = slog.Default()
	}
	l := &Live{root: root, opts: opts, log: log}
	if _, err := l.Reload(); err != nil && career.ErrorCode(err) != career.EUNAVAILABLE {
		return nil, err
	}
	return l, nil
}

// Reload opens the current generation if it differs from the one being
// served and swaps it in. It reports whether it swapped.
func (l *Live) Reload() (bool, error) {
	l.reloadMu.Lock()
	defer l.reloadMu.Unlock()
	gen, err := CurrentGeneration(l.root)
	if err != nil {
		return false, err
	}
	l.mu.RLock()
	same := l.cur != nil && l.cur.ix.gen == gen
	l.mu.RUnlock()
	if same {
		return false, nil
	}
	ix, err := openGeneration(l.root, gen, l.opts)
	if l.OnReload != nil {
		l.OnReload(gen, err)
	}
	if err != nil {
		return false, err
	}
	l.mu.Lock()
	old := l.cur
	l.cur = &handle{ix: ix}
	l.reloads++
	l.mu.Unlock()
	if old != nil {
		// No new search can take old now; close it once the running ones end.
		go func() {
			old.refs.Wait()
			old.ix.Close()
		}()
	}
	// Opening decodes the generation's tables; hand the garbage back to the
	// operating system now rather than keep it as resident memory.
	debug.FreeOSMemory()
	l.log.Info("index opened", "generation", gen, "careers", ix.meta.Careers)
	return true, nil
}

// Watch polls the current link every interval and reloads when it
// changes, until ctx is done.
func (l *Live) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Reload(); err != nil && career.ErrorCode(err) != career.EUNAVAILABLE {
				l.log.Error("index reload failed", "err", err)
			}
		}
	}
}

// acquire returns the current index and a release function.
func (l *Live) acquire() (*Index, func(), error) {
	l.mu.RLock()
	h := l.cur
	if h == nil {
		l.mu.RUnlock()
		return nil, nil, career.Errorf(career.EUNAVAILABLE, "no index at %s yet: build it with `careers index`", l.root)
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

// Info implements career.Searcher.
func (l *Live) Info(ctx context.Context) (career.IndexInfo, error) {
	ix, release, err := l.acquire()
	if err != nil {
		return career.IndexInfo{}, err
	}
	defer release()
	return ix.Info(ctx)
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
