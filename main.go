// Cartera helps small businesses get paid. With no command it opens the
// desktop app; with one it runs it from the command line (cartera help).
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	_ "cartera/app/localefix" // first: before Fyne reads the locale

	"cartera/app/cli"
	"cartera/app/gui"
	"cartera/data"
)

// version is stamped at build time: -ldflags "-X main.version=1.0.0".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	clock := data.SystemClock{}
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Clock: clock, Version: buildVersion(),
		GUI: func(o cli.GUIOptions) error {
			return gui.Run(gui.Options{DB: o.DB, Demo: o.Demo, Lang: o.Lang, Version: buildVersion(), Clock: clock,
				Tour: os.Getenv("CARTERA_TOUR"), TourImport: os.Getenv("CARTERA_TOUR_IMPORT")}) // make screenshots
		},
	})
	os.Exit(code)
}

// buildVersion is the stamped version, else the module version or VCS
// revision Go recorded, else "dev".
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				return "dev-" + s.Value[:7]
			}
		}
	}
	return "dev"
}
