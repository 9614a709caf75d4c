package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
)

// TestIndexTwiceAtOnce runs a second `careers index` while a first one is
// rebuilding: the second refuses at once with a clear message, and the
// first, cancelled afterwards, leaves the index as it was.
func TestIndexTwiceAtOnce(t *testing.T) {
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic")
	if _, errOut, err := runCmd(t, getenv, "index"); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut)
	}
	before := currentGen(t, indexDir)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	first := make(chan error, 1)
	go func() {
		paused := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic",
			"CAREERS_INDEX_BATCH_SIZE", "2", testPauseVar, "indexing")
		first <- run(ctx, []string{"index"}, paused, io.Discard, &stderr)
	}()
	waitFor(t, func() bool { return strings.Contains(stderr.String(), "test pause at indexing") }, "the first build to pause")

	out, _, err := runCmd(t, getenv, "index")
	if err == nil || !strings.Contains(err.Error(), "another `careers index` is rebuilding") || !strings.Contains(err.Error(), "wait for it to finish") {
		t.Errorf("second build: %v", err)
	}
	if career.ErrorCode(err) != career.EUNAVAILABLE || out != "" {
		t.Errorf("second build: kind %s, output %q", career.ErrorCode(err), out)
	}

	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v", err)
	}
	if got := currentGen(t, indexDir); got != before {
		t.Errorf("current moved from %s to %s", before, got)
	}
	if left := leftovers(t, indexDir); len(left) > 0 {
		t.Errorf("the cancelled build left %v", left)
	}
	if out, errOut, err := runCmd(t, getenv, "index"); err != nil || !strings.Contains(out, "indexed 7 careers") {
		t.Errorf("build after: %v %s %s", err, out, errOut)
	}
}

// TestIndexSurvivesSIGKILL kills a real `careers index` process with
// SIGKILL while it reads the corpus, while it writes the index, and just
// before it links the new generation. Each time the previous index stays
// current and opens and serves; the next rebuild removes what the killed
// ones left.
func TestIndexSurvivesSIGKILL(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary with")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "careers")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(dir, "index")
	baseEnv := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "CAREERS_CORPUS_DIRS=" + corpusDir,
		"CAREERS_INDEX_PATH=" + indexDir, "CAREERS_CORPUS_RULES=basic", "CAREERS_INDEX_BATCH_SIZE=2"}
	careers := func(extraEnv ...string) *exec.Cmd {
		cmd := exec.Command(bin, "index")
		cmd.Dir = dir // no config/careers.yaml here: the built-in defaults apply
		cmd.Env = append(append([]string{}, baseEnv...), extraEnv...)
		return cmd
	}
	if out, err := careers().CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	good := currentGen(t, indexDir)

	for _, stage := range []string{"reading", "indexing", "swap"} {
		t.Run(stage, func(t *testing.T) {
			cmd := careers(testPauseVar + "=" + stage)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pausedAt := make(chan bool, 1)
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					if sc.Text() == "test pause at "+stage {
						pausedAt <- true
						io.Copy(io.Discard, stderr)
						return
					}
				}
				pausedAt <- false
			}()
			select {
			case ok := <-pausedAt:
				if !ok {
					cmd.Wait()
					t.Fatalf("the build ended without pausing at %s", stage)
				}
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the build did not reach %s", stage)
			}
			// What a kill at this point leaves: nothing yet while reading,
			// a partial or complete new index beside the current one after.
			left := leftovers(t, indexDir)
			if (stage == "reading") != (len(left) == 0) {
				t.Errorf("at %s the index directory holds %v", stage, left)
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the build was not killed: %v", err)
			}
			if got := currentGen(t, indexDir); got != good {
				t.Fatalf("current is %s after the kill, want %s", got, good)
			}
			serves(t, indexDir, good)
		})
	}
	if left := leftovers(t, indexDir); len(left) == 0 {
		t.Error("the killed builds left nothing to clean up; the test did not kill them mid-build")
	}

	// The next rebuild takes the lock the dead process held, removes its
	// leftovers and switches to a new generation.
	if out, err := careers().CombinedOutput(); err != nil {
		t.Fatalf("rebuild after the kills: %v\n%s", err, out)
	}
	next := currentGen(t, indexDir)
	if next == good {
		t.Fatal("the rebuild did not switch generations")
	}
	checkGenerationsOnDisk(t, indexDir, next)
	serves(t, indexDir, next)
}

// serves opens the index as the server does and wants a search answered
// from generation gen.
func serves(t *testing.T, indexDir, gen string) {
	t.Helper()
	live, err := bleveindex.NewLive(indexDir, bleveindex.DefaultOptions(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("opening the index: %v", err)
	}
	defer live.Close()
	res, err := live.Search(context.Background(), career.Query{Text: "medical imaging"})
	if err != nil || res.Total != 3 || res.Hits[0].ID != "imaging-phrase" || res.Generation != gen {
		t.Fatalf("search: %v %+v", err, res)
	}
}

func currentGen(t *testing.T, indexDir string) string {
	t.Helper()
	gen, err := os.Readlink(filepath.Join(indexDir, "current"))
	if err != nil {
		t.Fatal(err)
	}
	return gen
}

// leftovers lists what builds in progress leave in the index directory.
func leftovers(t *testing.T, indexDir string) []string {
	t.Helper()
	entries, err := os.ReadDir(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".build-") || strings.HasPrefix(e.Name(), ".current-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
