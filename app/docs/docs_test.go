package docs

import (
	"cartera/app/paths"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"cartera/app/demo"
	"cartera/data"
	"cartera/data/sqlite"
	"cartera/reports"
)

func TestFileName(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		c      data.Client
		want   string
	}{
		{"Statement", data.Client{Code: "C1", Name: "Óptica Núñez"}, "Statement C1 Óptica Núñez.pdf"},
		{"Extracto", data.Client{Code: "C/2", Name: `A:B*C?"D"<E>|F\G`}, "Extracto C2 ABCDEFG.pdf"},
		{"", data.Client{Code: "X", Name: "tab\there"}, "X tabhere.pdf"},
		{"Extracto", data.Client{Code: "C3", Name: "Suministros Olivar S.L."}, "Extracto C3 Suministros Olivar S.L.pdf"},
		{"Statement", data.Client{Code: "C4", Name: "Acme Inc. . "}, "Statement C4 Acme Inc.pdf"},
	} {
		if got := FileName(tc.prefix, tc.c); got != tc.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", tc.prefix, tc.c.Name, got, tc.want)
		}
	}
}

func demoStore(t *testing.T) (*sqlite.Store, data.Company) {
	t.Helper()
	today := data.MustDate("2025-06-30")
	path := filepath.Join(t.TempDir(), "demo.cartera")
	if _, err := demo.Generate(context.Background(), path, demo.Options{Today: today, Seed: 3, Clients: 60, Invoices: 900}); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Clock: data.FixedClock{T: today.Time()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, _ := s.Company(context.Background())
	return s, c
}

func TestWriteFolderAndCancel(t *testing.T) {
	s, c := demoStore(t)
	ctx := context.Background()
	sts, err := Statements(ctx, s, c, data.MustDate("2025-06-30"), data.Date{})
	if err != nil || len(sts) < 10 {
		t.Fatalf("%d statements, %v", len(sts), err)
	}
	for _, st := range sts {
		if st.Total <= 0 {
			t.Errorf("%s owes nothing but has a statement", st.Client.Code)
		}
	}
	dir := t.TempDir()
	var last int
	files, err := WriteFolder(ctx, dir, "S", paths.Output{}, time.Now(), sts, func(done, total int) { last = max(last, done) })
	if err != nil || len(files) != len(sts) || last != len(sts) {
		t.Fatalf("%d files of %d, progress %d, %v", len(files), len(sts), last, err)
	}
	// Cancelled before it starts: nothing written, no half files, the error says so.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	dir2 := t.TempDir()
	files, err = WriteFolder(cancelled, dir2, "S", paths.Output{}, time.Now(), sts, nil)
	if !errors.Is(err, context.Canceled) || len(files) != 0 {
		t.Errorf("cancelled run: %d files, %v", len(files), err)
	}
	left, _ := os.ReadDir(dir2)
	if len(left) != 0 {
		t.Errorf("a cancelled run left %d files", len(left))
	}
	if err := WriteCombined(ctx, filepath.Join(dir, "none.pdf"), paths.Output{}, time.Now(), nil, nil); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("no statements: %v", err)
	}
	// The same batch again: refused whole unless asked, then replaced.
	if _, err := WriteFolder(ctx, dir, "S", paths.Output{}, time.Now(), sts, nil); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("a second batch into the same folder: %v", err)
	}
	if files, err := WriteFolder(ctx, dir, "S", paths.Output{Force: true}, time.Now(), sts, nil); err != nil || len(files) != len(sts) {
		t.Errorf("with force: %d files, %v", len(files), err)
	}
	for _, f := range files {
		if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o, want 0600", f, st.Mode().Perm())
		}
	}
}

// TestFileNamesNeverCollide: clients whose names clean to the same file
// name ("AB", "A/B", "A:B" with one code) get a file each.
func TestFileNamesNeverCollide(t *testing.T) {
	var sts []reports.Statement
	for _, name := range []string{"AB", "A/B", "A:B", "ab"} {
		sts = append(sts, reports.Statement{Client: data.Client{Code: "X", Name: name}})
	}
	got := FileNames("S", sts)
	want := []string{"S X AB.pdf", "S X AB (2).pdf", "S X AB (3).pdf", "S X ab (4).pdf"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("names %q, want %q", got, want)
	}
}

// TestOneBadDocumentNeverStopsTheBatch: a panic while drawing one client's
// document becomes an error naming the client.
func TestOneBadDocumentNeverStopsTheBatch(t *testing.T) {
	err := DrawSafely(data.Client{Code: "C7", Name: "Panadería Sol"}, func() error { panic("index out of range [65536]") })
	if err == nil || !strings.Contains(err.Error(), "Panadería Sol (C7)") {
		t.Errorf("%v", err)
	}
}
