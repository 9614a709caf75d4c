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

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/httpapi"
	"github.com/careersearch/careers/internal/web"
)

func (a *app) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the search API over HTTP",
		Long: `serve answers the JSON search API on server.addr. It picks up a rebuilt index
without a restart (it checks every server.reload_interval, and on SIGHUP) and
shuts down gracefully on SIGINT or SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			log := a.logger(cfg)
			live, err := bleveindex.NewLive(cfg.Index.Path, searchOptions(cfg), log)
			if err != nil {
				return err
			}
			if _, err := live.Info(a.ctx); err != nil {
				log.Warn("serving without an index until one is built", "err", err)
			}
			// Listen before serving so a busy port is reported at once.
			ln, err := net.Listen("tcp", cfg.Server.Addr)
			if err != nil {
				live.Close()
				return fmt.Errorf("serve: %w", err)
			}
			return serve(a.ctx, ln, live, cfg.Server.ReloadInterval, cfg.Server.ShutdownGrace, a, log)
		},
	}
	cmd.Flags().String("addr", "", "listen address (config server.addr)")
	cmd.Flags().String("index", "", "index directory (config index.path)")
	a.bind(cmd, "server.addr", "addr")
	a.bind(cmd, "index.path", "index")
	return cmd
}

func (a *app) listening(addr string) {
	if a.onListen != nil {
		a.onListen(addr)
	}
}

func serve(ctx context.Context, ln net.Listener, live *bleveindex.Live, reload, grace time.Duration, a *app, log *slog.Logger) error {
	e := httpapi.New(live, log)
	web.Register(e, live, log)
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}

	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if reload > 0 {
		go live.Watch(watchCtx, reload)
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
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	stopWatch()
	live.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}
