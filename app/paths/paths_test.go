package paths

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestDataDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG rules are Linux's")
	}
	tests := []struct {
		name, override, xdg, home, want string
	}{
		{"override wins", "/srv/cartera", "/x", "/home/ana", "/srv/cartera"},
		{"XDG data home", "", "/x/data", "/home/ana", "/x/data/Cartera"},
		{"default", "", "", "/home/ana", "/home/ana/.local/share/Cartera"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CARTERA_DATA_DIR", tt.override)
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			got, err := DataDir()
			if err != nil || got != tt.want {
				t.Errorf("DataDir() = %q, %v; want %q", got, err, tt.want)
			}
			demo, _ := DemoFile()
			if demo != filepath.Join(tt.want, "demo.cartera") {
				t.Errorf("DemoFile() = %q", demo)
			}
		})
	}
}
