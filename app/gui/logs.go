package gui

import (
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/storage"
	"gopkg.in/natefinch/lumberjack.v2"

	"cartera/app/paths"
	"cartera/data"
)

// startLog sends the log to a rotating file in the data folder (5 MB,
// the last 5 kept for 60 days) as well as to stderr. Nothing secret is
// logged: no passwords, no email bodies.
func startLog() {
	dir, err := paths.LogDir()
	if err != nil {
		return
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	log.SetOutput(io.MultiWriter(os.Stderr, &lumberjack.Logger{
		Filename: filepath.Join(dir, "cartera.log"), MaxSize: 5, MaxBackups: 5, MaxAge: 60,
	}))
}

// openLogs shows the logs folder in the system's file manager.
func (u *ui) openLogs() {
	dir, err := paths.LogDir()
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	var link *url.URL
	if err == nil {
		link, err = url.Parse(storage.NewFileURI(dir).String())
	}
	if err == nil {
		u.lastURL = link.String()
		err = u.app.OpenURL(link)
	}
	if err != nil {
		u.showError(data.Errorf(data.EINTERNAL, "Could not open %s.", dir))
	}
}
