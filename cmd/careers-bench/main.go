// Command careers-bench runs the benchmark suite of careers against its
// peers and writes the results table (see BENCHMARKS.md).
//
// It is a command of its own rather than a `careers bench` subcommand so
// that the product binary stays free of cgo and SQLite: the suite needs the
// FTS5 peer, which only builds with cgo and the sqlite_fts5 tag, and it
// re-executes itself for builds and servers measured in their own
// processes.
//
//	careers-bench run [-out bench-results.md] [-quick]   the suite
//	careers-bench profile -corpus onet|gen -out DIR       pprof of the query path
//	careers-bench mem -index ROOT [-heap FILE] [-pickup]   the server's memory
//	careers-bench tables -index ROOT                      the tables file's sections
//	careers-bench build|serve ...                         children of run
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "careers-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: careers-bench run|profile|mem|tables|build|serve [flags]")
	}
	switch args[0] {
	case "run":
		return runSuite(ctx, args[1:], stdout, stderr)
	case "profile":
		return runProfile(ctx, args[1:], stdout, stderr)
	case "build":
		return runBuild(ctx, args[1:], stdout)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "mem":
		return runMem(ctx, args[1:], stdout)
	case "tables":
		return runTables(args[1:], stdout)
	}
	return fmt.Errorf("unknown command %q: want run, profile, build, serve, mem or tables", args[0])
}
