package paths

import (
	"os"
	"path/filepath"
	"testing"

	"cartera/data"
)

// TestWriteFile: a document never goes over the company file (nor its
// -wal), over an existing file only when forced, never through a link
// planted under a predictable temporary name, and is readable only by its
// owner.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	company := filepath.Join(dir, "acme.cartera")
	os.WriteFile(company, []byte("SQLite format 3\x00"), 0o600)
	existing := filepath.Join(dir, "report.txt")
	os.WriteFile(existing, []byte("old"), 0o644)
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep me"), 0o644)
	planted := filepath.Join(dir, "new.pdf")
	os.Symlink(victim, planted+".tmp")
	for _, tc := range []struct {
		name  string
		path  string
		force bool
		code  string // "" for success
		want  string // the file's contents after
	}{
		{"the company file", company, true, data.EINVALID, "SQLite format 3\x00"},
		{"the company file by another spelling", filepath.Join(dir, ".", "x", "..", "acme.cartera"), true, data.EINVALID, "SQLite format 3\x00"},
		{"its write-ahead log", company + "-wal", true, data.EINVALID, ""},
		{"an existing file", existing, false, data.ECONFLICT, "old"},
		{"an existing file, forced", existing, true, "", "new"},
		{"a new file beside a planted link", planted, false, "", "new"},
		{"a folder", dir, true, data.EINVALID, ""},
	} {
		err := WriteFile(tc.path, []byte("new"), Output{Force: tc.force, Protect: []string{company}})
		if data.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
		if tc.want != "" {
			if b, _ := os.ReadFile(tc.path); string(b) != tc.want {
				t.Errorf("%s: the file holds %q, want %q", tc.name, b, tc.want)
			}
		}
		if err == nil {
			if st, _ := os.Stat(tc.path); st.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %o, want 0600", tc.name, st.Mode().Perm())
			}
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Errorf("the planted link was followed: the victim holds %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestSharedDocuments: a company that chose the folder's usual permissions
// gets documents readable by others (0644).
func TestSharedDocuments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := WriteFile(path, []byte("x"), Output{Shared: true}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %o, want 0644", st.Mode().Perm())
	}
}
