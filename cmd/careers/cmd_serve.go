package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/config"
	"github.com/careersearch/careers/internal/httpapi"
	"github.com/careersearch/careers/internal/web"
)

func (a *app) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the search API over HTTP",
		Long: `serve answers the JSON search API and the web pages on server.addr. It picks
up a rebuilt index without a restart (it checks every server.reload_interval,
and on SIGHUP) and shuts down gracefully on SIGINT or SIGTERM, giving requests
in flight server.shutdown_grace to finish. /healthz says it is alive, /readyz
that it can search, /metrics has Prometheus metrics.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			log := a.logger(cfg)
			reg := prometheus.NewRegistry()
			reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
			ixOpts, err := searchOptions(cfg)
			if err != nil {
				return err
			}
			// A damaged generation never stops the server: it serves an
			// older one, or answers 503 until a good build appears.
			live := bleveindex.NewLiveObserved(cfg.Index.Path, ixOpts, log, httpapi.ReloadObserver(reg))
			if _, err := live.Info(a.ctx); err != nil {
				log.Warn("serving without an index until one is built", "err", err)
			}
			// Listen before serving so a busy port is reported at once.
			ln, err := net.Listen("tcp", cfg.Server.Addr)
			if err != nil {
				live.Close()
				return fmt.Errorf("serve: %w", err)
			}
			opts := httpapi.Options{
				RequestTimeout: cfg.Server.RequestTimeout,
				MaxInFlight:    cfg.Server.MaxInFlight,
				QueueWait:      cfg.Server.QueueWait,
				RateLimit:      cfg.Server.RateLimit,
				CORSOrigins:    cfg.Server.CORSOrigins,
				MaxBodyBytes:   cfg.Server.MaxBodyBytes,
				MaxHeaderBytes: maxHeaderBytes,
				Registry:       reg,
				AccessLog:      a.accessLogger(cfg),
			}
			site := web.Site{Name: cfg.Site.Name, Description: cfg.Site.Description}
			return serve(a.ctx, ln, newHandler(live, opts, site, log), live, cfg.Server, a, log)
		},
	}
	cmd.Flags().String("addr", "", "listen address (config server.addr)")
	cmd.Flags().String("index", "", "index directory (config index.path)")
	a.bind(cmd, "server.addr", "addr")
	a.bind(cmd, "index.path", "index")
	return cmd
}

// accessLogger writes one JSON record per request, with its request id, to
// the log's stream at info level, whatever log.format says: access logs are
// for machines. With log.level above info there is none.
func (a *app) accessLogger(cfg *config.Config) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.Log.Level))
	return slog.New(slog.NewJSONHandler(a.stderr, &slog.HandlerOptions{Level: level})).With("log", "access")
}

func (a *app) listening(addr string) {
	if a.onListen != nil {
		a.onListen(addr)
	}
}

// newHandler is the whole HTTP server: the API and the pages over live,
// the pages naming site.
func newHandler(live *bleveindex.Live, opts httpapi.Options, site web.Site, log *slog.Logger) http.Handler {
	e := httpapi.New(live, log, opts)
	web.RegisterSite(e, live, log, site)
	return e
}

// maxHeaderBytes bounds a request's line and headers: the handler answers
// 431 in the JSON error shape over it. Query strings are short
// (search.max_query_length); this leaves room for a 10 KB one to be
// refused with a 400 that names the parameter.
const maxHeaderBytes = 64 << 10

// serve answers on ln with h until ctx is done, reloading live as the
// index is rebuilt, then shuts down gracefully and closes live.
func serve(ctx context.Context, ln net.Listener, h http.Handler, live *bleveindex.Live, sc config.Server, a *app, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: sc.ReadHeaderTimeout,
		IdleTimeout:       sc.IdleTimeout,
		// net/http answers 431 in plain text over this, before the handler
		// sees the request: keep it well above maxHeaderBytes so that the
		// handler's JSON 431 is what clients get, and low enough to bound
		// what a connection can make the server hold.
		MaxHeaderBytes: 4 * maxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if sc.RequestTimeout > 0 {
		// A backstop for a client that reads its answer too slowly; the
		// request timeout itself is enforced by the handlers.
		srv.WriteTimeout = sc.RequestTimeout + 10*time.Second
		// The whole request (no route takes a body, and one is refused
		// unread) must arrive within its headers' time plus the request
		// timeout. Not shorter: when this deadline passes during a search,
		// net/http cancels the search's context.
		if sc.ReadHeaderTimeout > 0 {
			srv.ReadTimeout = sc.ReadHeaderTimeout + sc.RequestTimeout + time.Second
		}
	}

	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if sc.ReloadInterval > 0 {
		go live.Watch(watchCtx, sc.ReloadInterval)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-watchCtx.Done():
				return
			case <-hup:
				if _, err := live.Reload(); err != nil {
					log.Error("reload on SIGHUP failed", "err", err)
				}
			}
		}
	}()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String())
	a.listening(ln.Addr().String())

	select {
	case err := <-errc:
		live.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Stop accepting, let the requests in flight finish within the grace
	// period, cut the rest, and close the index last.
	log.Info("shutting down", "grace", sc.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), sc.ShutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if err != nil {
		srv.Close()
	}
	stopWatch()
	live.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("serve: requests still running after the shutdown grace of %s were cut off", sc.ShutdownGrace)
		}
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}
