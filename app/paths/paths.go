// Package paths knows where Cartera keeps its own files on each OS.
package paths

import (
	"os"
	"path/filepath"
	"runtime"
)

// DataDir is where Cartera keeps the demo company and, by default, new
// company files: $XDG_DATA_HOME/Cartera (~/.local/share/Cartera) on Linux,
// %AppData%\Cartera on Windows, ~/Library/Application Support/Cartera on
// macOS. CARTERA_DATA_DIR overrides it (tests, portable installs).
func DataDir() (string, error) {
	if d := os.Getenv("CARTERA_DATA_DIR"); d != "" {
		return d, nil
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "Cartera"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share", "Cartera"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "Cartera"), nil
}

// DemoFile is the demo company's file in the data folder.
func DemoFile() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "demo.cartera"), nil
}

// LogDir is where the desktop app writes its log: logs in the data folder.
func LogDir() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "logs"), nil
}
