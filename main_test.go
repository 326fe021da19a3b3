package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLayering enforces the direction of dependencies: only main and
// app/gui import Fyne; data imports nothing of ours but data itself; assets
// imports nothing of ours; importers and reports never reach app.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	n := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		n++
		for _, imp := range p.Imports {
			ours := imp == "cartera" || strings.HasPrefix(imp, "cartera/")
			switch {
			case strings.HasPrefix(imp, "fyne.io/") && p.ImportPath != "cartera" && p.ImportPath != "cartera/app/gui":
				t.Errorf("%s imports %s: only main and app/gui may import Fyne", p.ImportPath, imp)
			case strings.HasPrefix(p.ImportPath, "cartera/data") && ours && !strings.HasPrefix(imp, "cartera/data"):
				t.Errorf("%s imports %s: data imports nothing of ours", p.ImportPath, imp)
			case p.ImportPath == "cartera/assets" && ours:
				t.Errorf("assets imports %s", imp)
			case (strings.HasPrefix(p.ImportPath, "cartera/importers") || strings.HasPrefix(p.ImportPath, "cartera/reports")) &&
				strings.HasPrefix(imp, "cartera/app"):
				t.Errorf("%s imports %s: dependencies point from app down, not up", p.ImportPath, imp)
			}
		}
	}
	if n < 8 {
		t.Fatalf("go list found only %d packages", n)
	}
}

// TestStartsCleanlyWithLangC runs the real binary as a user with LANG=C
// would: it must answer in English and print nothing else.
func TestStartsCleanlyWithLangC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "cartera")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, lang := range []string{"C", "C.UTF-8", "POSIX", ""} {
		cmd := exec.Command(bin, "frobnicate")
		cmd.Env = append(os.Environ(), "LANG="+lang, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Errorf("LANG=%q: exit %v, want 2", lang, err)
		}
		want := "cartera: Unknown command \"frobnicate\". Run 'cartera help' to see the commands.\n"
		if stderr.String() != want || stdout.Len() != 0 {
			t.Errorf("LANG=%q: stderr %q stdout %q", lang, stderr.String(), stdout.String())
		}
	}
}

// TestOneFileKnowsGofpdf keeps the unmaintained PDF library behind our seam:
// only reports/pdf/gofpdf.go may import it (tests may, to compare).
func TestOneFileKnowsGofpdf(t *testing.T) {
	var users []string
	err := filepath.Walk(".", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), `"github.com/jung-kurt/gofpdf"`) {
			users = append(users, filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0] != "reports/pdf/gofpdf.go" {
		t.Errorf("gofpdf is imported by %q; only reports/pdf/gofpdf.go may", users)
	}
}
