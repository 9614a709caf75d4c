package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/httpapi"
)

// ReloadInterval is the shipped server.reload_interval: how often a
// running server looks for a rebuilt index.
const ReloadInterval = 250 * time.Millisecond

// ServerOptions are the shipped server.* settings (config/careers.yaml),
// written out here so that the suite does not depend on a config file: a
// 5 s request timeout, 32 searches in flight with a 250 ms queue, no rate
// limit, 64 KiB bodies, and a JSON access log (formatted, then discarded).
func ServerOptions() httpapi.Options {
	return httpapi.Options{
		RequestTimeout: 5 * time.Second,
		MaxInFlight:    32,
		QueueWait:      250 * time.Millisecond,
		MaxBodyBytes:   64 << 10,
		AccessLog:      slog.New(slog.NewJSONHandler(io.Discard, nil)).With("log", "access"),
	}
}

// Handler returns the HTTP handler of the named engine on the index in dir,
// and a function that releases it. Ours is the production server:
// httpapi.New on a bleveindex.Live that watches the index root every
// reload interval. The peers get a minimal equivalent: one net/http route
// that parses the same parameters and writes the same JSON page.
func Handler(ctx context.Context, engine, dir string, reload time.Duration) (http.Handler, func(), error) {
	if engine == EngineOurs {
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		live, err := bleveindex.NewLive(dir, bleveindex.DefaultOptions(), log)
		if err != nil {
			return nil, nil, err
		}
		if _, err := live.Info(ctx); err != nil {
			live.Close()
			return nil, nil, err
		}
		wctx, stop := context.WithCancel(ctx)
		if reload > 0 {
			go live.Watch(wctx, reload)
		}
		return httpapi.New(live, log, ServerOptions()), func() { stop(); live.Close() }, nil
	}
	e, err := OpenEngine(engine, dir)
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/search", func(w http.ResponseWriter, r *http.Request) {
		q, err := career.ParseParams(r.URL.Query())
		if err == nil {
			var res *career.Result
			if res, err = e.Search(r.Context(), q); err == nil {
				w.Header().Set("Content-Type", "application/json")
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				enc.Encode(res)
				return
			}
		}
		http.Error(w, err.Error(), http.StatusBadRequest)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":"ok"}`)
	})
	return mux, func() { e.Close() }, nil
}

// ServeChild serves the named engine on 127.0.0.1 (a free port) until ctx
// is done or its standard input closes, and prints "listening ADDR" to
// stdout once it accepts connections.
func ServeChild(ctx context.Context, engine, dir string, reload time.Duration, stdout io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h, release, err := Handler(ctx, engine, dir, reload)
	if err != nil {
		return err
	}
	defer release()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		// The parent closes our stdin to stop us.
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "listening %s\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	return srv.Shutdown(sctx)
}

// Child is a server process started by the suite.
type Child struct {
	Engine string
	Addr   string // host:port
	cmd    *exec.Cmd
	stdin  io.WriteCloser
}

// StartServer re-executes this binary as `serve` for engine on dir and
// waits until it listens.
func StartServer(ctx context.Context, engine, dir string, reload time.Duration) (*Child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "serve", "-engine", engine, "-index", dir, "-reload", reload.String())
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &Child{Engine: engine, cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(out).ReadString('\n')
	if addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening "); ok && err == nil {
		c.Addr = addr
		go io.Copy(io.Discard, out)
		return c, nil
	}
	c.Stop()
	return nil, fmt.Errorf("bench: %s server did not start: %q %v", engine, line, err)
}

// Pid is the server's process id.
func (c *Child) Pid() int { return c.cmd.Process.Pid }

// Mem returns the server's memory now.
func (c *Child) Mem() Mem {
	m, _ := ProcMem(c.Pid())
	return m
}

// Stop asks the server to shut down (by closing its standard input) and
// waits for it, killing it after a grace period.
func (c *Child) Stop() error {
	c.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		return errors.New("bench: server did not stop; killed")
	}
}

// RunChild re-executes this binary with args and returns its standard
// output; the child's peak RSS from rusage is returned too.
func RunChild(ctx context.Context, args ...string) ([]byte, int64, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, 0, err
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.Output()
	if err != nil {
		return nil, 0, fmt.Errorf("bench: %s: %w", strings.Join(args, " "), err)
	}
	var maxrss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxrss = ru.Maxrss * 1024
	}
	return out, maxrss, nil
}
