package cli

import (
	"os"
	"testing"
)

// TestMain keeps the backups imports take, and anything else written to
// the data folder, out of the home folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cartera-cli-data")
	if err != nil {
		panic(err)
	}
	os.Setenv("CARTERA_DATA_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
