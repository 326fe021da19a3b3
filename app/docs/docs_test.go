package docs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cartera/app/demo"
	"cartera/data"
	"cartera/data/sqlite"
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
	files, err := WriteFolder(ctx, dir, "S", time.Now(), sts, func(done, total int) { last = max(last, done) })
	if err != nil || len(files) != len(sts) || last != len(sts) {
		t.Fatalf("%d files of %d, progress %d, %v", len(files), len(sts), last, err)
	}
	// Cancelled before it starts: nothing written, no half files, the error says so.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	dir2 := t.TempDir()
	files, err = WriteFolder(cancelled, dir2, "S", time.Now(), sts, nil)
	if !errors.Is(err, context.Canceled) || len(files) != 0 {
		t.Errorf("cancelled run: %d files, %v", len(files), err)
	}
	left, _ := os.ReadDir(dir2)
	if len(left) != 0 {
		t.Errorf("a cancelled run left %d files", len(left))
	}
	if err := WriteCombined(ctx, filepath.Join(dir, "none.pdf"), time.Now(), nil, nil); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("no statements: %v", err)
	}
}
