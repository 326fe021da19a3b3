package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"cartera/data"
)

var testClock = data.FixedClock{T: time.Date(2025, 6, 30, 10, 0, 0, 0, time.UTC)}

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Create(context.Background(), filepath.Join(t.TempDir(), "co.cartera"),
		data.Company{Name: "Ferretería Núñez S.L.", Currency: "EUR", Locale: "es-ES", PaymentTermsDays: 30}, Options{Clock: testClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func update(t *testing.T, s *Store, fn func(*Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func TestCreateFileModeAndMigrations(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	st, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if mode := st.Mode().Perm(); mode != 0o600 {
		t.Errorf("company file mode = %o, want 600", mode)
	}
	if v, err := s.Version(ctx); err != nil || v != SchemaVersion() {
		t.Errorf("version = %d, %v; want %d", v, err, SchemaVersion())
	}
	var fk, busy int
	var journal string
	// Every pooled connection must carry the pragmas: check several at once.
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
		c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
		c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
		c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal)
		if fk != 1 || busy != 5000 || journal != "wal" {
			t.Errorf("connection %d: foreign_keys=%d busy_timeout=%d journal=%s", i, fk, busy, journal)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(s.Path() + suffix); err == nil && st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode = %o, want 600", suffix, st.Mode().Perm())
		}
	}
	c, err := s.Company(ctx)
	if err != nil || c.Name != "Ferretería Núñez S.L." || !reflect.DeepEqual(c.AgingBuckets, []int{30, 60, 90}) {
		t.Errorf("company = %+v, %v", c, err)
	}
}

func TestCreateRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.cartera")
	os.WriteFile(path, []byte("keep me"), 0o644)
	_, err := Create(context.Background(), path, data.Company{Name: "X", Currency: "EUR"}, Options{})
	if data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("err = %v, want conflict", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Error("existing file was changed")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("this is not a database, just some text that is long enough to be read"), 0o600)
	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", other)
	db.Exec("CREATE TABLE t (x)")
	db.Close()
	tests := []struct {
		name, path, code string
	}{
		{"missing", filepath.Join(dir, "missing.cartera"), data.ENOTFOUND},
		{"folder", dir, data.EINVALID},
		{"text file", notDB, data.EINVALID},
		{"other sqlite file", other, data.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			_, err := Open(context.Background(), tt.path, Options{})
			if data.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v (%s), want %s", err, data.ErrorCode(err), tt.code)
			}
			if after, _ := os.ReadFile(tt.path); string(after) != string(before) {
				t.Error("file was changed by a failed open")
			}
			if _, err := os.Stat(tt.path + "-wal"); err == nil {
				t.Error("a failed open left a -wal file")
			}
		})
	}
}

func TestNewerSchemaRefusedUntouched(t *testing.T) {
	s := newStore(t)
	path := s.Path()
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	_, err := Open(ctx, path, Options{})
	if data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("err = %v, want conflict", err)
	}
	if got := err.Error(); !strings.Contains(got, "newer version of Cartera") {
		t.Errorf("message = %q", got)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a newer file was modified by an older version")
	}
}

func TestReopenKeepsData(t *testing.T) {
	s := newStore(t)
	path := s.Path()
	update(t, s, func(tx *Tx) error { return tx.CreateClient(&data.Client{Code: "C1", Name: "Ana"}) })
	s.Close()
	s2, err := Open(context.Background(), path, Options{Clock: testClock})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if c, err := s2.ClientByCode(context.Background(), "C1"); err != nil || c.Name != "Ana" {
		t.Errorf("after reopen: %+v, %v", c, err)
	}
}

// TestRoundTrip stores one of every type and reads it back field by field.
func TestRoundTrip(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	eur := func(n int64) data.Money { return data.M(n, "EUR") }
	client := data.Client{Code: "C001", Name: "José Muñoz Peñalver", TaxID: "B12345678", Emails: []string{"jose@example.es", "pagos@example.es"},
		Phones: []string{"+34 912 345 678"}, Address: "Calle Mayor 1", City: "Zaragoza", Country: "ES", Industry: "Construcción",
		Segment: "Pyme", PreferredChannel: data.ChannelWhatsApp, Language: "es", CreditLimit: 500000, PaymentTermsDays: 45,
		Created: data.MustDate("2024-01-15"), Notes: "Paga los viernes", OptOut: true}
	inv := data.Invoice{Number: "F-2025-001", IssueDate: data.MustDate("2025-05-01"), DueDate: data.MustDate("2025-05-31"),
		Amount: eur(121000), Product: "Cemento", Reference: "PO-77", Notes: "Entregado"}
	inv2 := data.Invoice{Number: "F-2025-002", IssueDate: data.MustDate("2025-05-10"), DueDate: data.MustDate("2025-06-09"), Amount: eur(50000)}
	update(t, s, func(tx *Tx) error {
		if err := tx.CreateClient(&client); err != nil {
			return err
		}
		inv.ClientID, inv2.ClientID = client.ID, client.ID
		if err := tx.CreateInvoice(&inv); err != nil {
			return err
		}
		return tx.CreateInvoice(&inv2)
	})
	pay := data.Payment{ClientID: client.ID, Date: data.MustDate("2025-06-05"), Amount: eur(100000), Method: "transfer", Reference: "TRF 1",
		Notes: "one payment over two invoices, with credit left", Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 60000}, {InvoiceID: inv2.ID, Amount: 30000}}}
	note := data.CreditNote{Number: "AB-1", ClientID: client.ID, Date: data.MustDate("2025-06-10"), Amount: eur(10000), Reason: "Devolución",
		Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 10000}}}
	contact := data.ContactEntry{ClientID: client.ID, InvoiceID: inv.ID, At: time.Date(2025, 6, 12, 9, 30, 0, 0, time.UTC),
		Channel: data.ChannelCall, Direction: data.Outbound, Outcome: data.OutcomePromised, Note: "Promete pagar el 20"}
	promise := data.Promise{ClientID: client.ID, InvoiceID: inv.ID, Made: data.MustDate("2025-06-12"), PromisedDate: data.MustDate("2025-06-20"),
		Amount: eur(51000), Status: data.PromiseOpen, Note: "Por teléfono"}
	dispute := data.Dispute{InvoiceID: inv2.ID, Opened: data.MustDate("2025-06-11"), Reason: "Cantidad incorrecta"}
	update(t, s, func(tx *Tx) error {
		for _, f := range []func() error{
			func() error { return tx.RecordPayment(&pay) },
			func() error { return tx.CreateCreditNote(&note) },
			func() error { return tx.AddContact(&contact) },
			func() error { return tx.AddPromise(&promise) },
			func() error { return tx.OpenDispute(&dispute) },
		} {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	})

	gotClient, err := s.Client(ctx, client.ID)
	check(t, "client", gotClient, client, err)
	gotInv, err := s.Invoice(ctx, inv.ID)
	check(t, "invoice", gotInv, inv, err)
	gotPays, err := s.Payments(ctx, client.ID)
	check(t, "payments", gotPays, []data.Payment{pay}, err)
	if u := gotPays[0].Unallocated(); u != eur(10000) {
		t.Errorf("unallocated credit = %v", u)
	}
	gotNotes, err := s.CreditNotes(ctx, client.ID)
	check(t, "credit notes", gotNotes, []data.CreditNote{note}, err)
	gotContacts, err := s.Contacts(ctx, client.ID)
	check(t, "contacts", gotContacts, []data.ContactEntry{contact}, err)
	gotPromises, err := s.Promises(ctx, client.ID)
	check(t, "promises", gotPromises, []data.Promise{promise}, err)
	gotDisputes, err := s.Disputes(ctx, client.ID, 0)
	check(t, "disputes", gotDisputes, []data.Dispute{dispute}, err)
	if inv2r, _ := s.Invoice(ctx, inv2.ID); !inv2r.Disputed {
		t.Error("invoice with an open dispute is not disputed")
	}

	update(t, s, func(tx *Tx) error {
		if err := tx.ResolveDispute(dispute.ID, data.MustDate("2025-06-15"), "Aclarado"); err != nil {
			return err
		}
		return tx.SetPromiseStatus(promise.ID, data.PromiseKept)
	})
	if inv2r, _ := s.Invoice(ctx, inv2.ID); inv2r.Disputed {
		t.Error("invoice still disputed after the dispute was resolved")
	}
	if ps, _ := s.Promises(ctx, client.ID); ps[0].Status != data.PromiseKept {
		t.Errorf("promise status = %s", ps[0].Status)
	}

	client.Name, client.Emails, client.OptOut = "José Muñoz", nil, false
	update(t, s, func(tx *Tx) error { return tx.UpdateClient(&client) })
	gotClient, err = s.Client(ctx, client.ID)
	check(t, "updated client", gotClient, client, err)

	comp, _ := s.Company(ctx)
	comp.PaymentInstructions, comp.AgingBuckets = "IBAN ES00 0000", []int{15, 30, 60, 90, 120}
	update(t, s, func(tx *Tx) error { return tx.SetCompany(comp) })
	gotComp, err := s.Company(ctx)
	check(t, "company", gotComp, comp, err)
}

func check(t *testing.T, what string, got, want any, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func TestListPaymentsFilters(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var c data.Client
	var inv data.Invoice
	err := s.Update(ctx, func(tx *Tx) error {
		c = data.Client{Code: "C1", Name: "Óptica Núñez"}
		if err := tx.CreateClient(&c); err != nil {
			return err
		}
		inv = data.Invoice{Number: "F1", ClientID: c.ID, IssueDate: data.MustDate("2025-01-01"), DueDate: data.MustDate("2025-01-31"), Amount: data.M(10000, "EUR")}
		if err := tx.CreateInvoice(&inv); err != nil {
			return err
		}
		for _, p := range []data.Payment{
			{ClientID: c.ID, Date: data.MustDate("2025-02-01"), Amount: data.M(6000, "EUR"), Method: "transfer", Reference: "REF-1",
				Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 6000}}},
			{ClientID: c.ID, Date: data.MustDate("2025-03-01"), Amount: data.M(5000, "EUR"), Reference: "REF-2",
				Allocations: []data.Allocation{{InvoiceID: inv.ID, Amount: 4000}}},
			{ClientID: c.ID, Date: data.MustDate("2025-04-01"), Amount: data.M(700, "EUR"), Source: data.Imported},
		} {
			if err := tx.RecordPayment(&p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    data.PaymentQuery
		want []string // references, newest first
	}{
		{"all", data.PaymentQuery{}, []string{"", "REF-2", "REF-1"}},
		{"unapplied", data.PaymentQuery{Filter: data.PaymentsUnapplied}, []string{"", "REF-2"}},
		{"imported", data.PaymentQuery{Filter: data.PaymentsImported}, []string{""}},
		{"entered", data.PaymentQuery{Filter: data.PaymentsEntered}, []string{"REF-2", "REF-1"}},
		{"search reference", data.PaymentQuery{Search: "ref-1"}, []string{"REF-1"}},
		{"search client", data.PaymentQuery{Search: "C1"}, []string{"", "REF-2", "REF-1"}},
		{"dates", data.PaymentQuery{From: data.MustDate("2025-02-15"), To: data.MustDate("2025-03-31")}, []string{"REF-2"}},
		{"page", data.PaymentQuery{Offset: 1, Limit: 1}, []string{"REF-2"}},
	} {
		rows, err := s.ListPayments(ctx, tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Reference)
			if r.ClientName != "Óptica Núñez" {
				t.Errorf("%s: client %q", tc.name, r.ClientName)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if n, _ := s.CountPayments(ctx, data.PaymentQuery{Search: tc.q.Search, Filter: tc.q.Filter, From: tc.q.From, To: tc.q.To}); tc.q.Limit == 0 && n != len(tc.want) {
			t.Errorf("%s: count %d", tc.name, n)
		}
		if tc.name == "unapplied" && rows[1].Applied != 4000 {
			t.Errorf("applied = %d", rows[1].Applied)
		}
	}
}

func TestCompanyLogoRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c, _ := s.Company(ctx)
	c.Logo = []byte("\x89PNG fake")
	if err := s.Update(ctx, func(tx *Tx) error { return tx.SetCompany(c) }); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Company(ctx)
	if string(got.Logo) != string(c.Logo) {
		t.Errorf("logo = %q", got.Logo)
	}
}

func TestSearchIgnoresAccentsAndCase(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	err := s.Update(ctx, func(tx *Tx) error {
		for i, name := range []string{"Ferretería García", "Álvarez e Hijos", "Optica Norte", "Muñoz S.L."} {
			c := data.Client{Code: fmt.Sprintf("C%d", i), Name: name, City: "Logroño"}
			if err := tx.CreateClient(&c); err != nil {
				return err
			}
			inv := data.Invoice{Number: fmt.Sprintf("F%d", i), ClientID: c.ID, IssueDate: data.MustDate("2025-01-01"),
				DueDate: data.MustDate("2025-01-31"), Amount: data.M(100, "EUR")}
			if err := tx.CreateInvoice(&inv); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		search string
		want   int
	}{{"garcia", 1}, {"GARCÍA", 1}, {"alvarez", 1}, {"ÁLVAREZ", 1}, {"óptica", 1}, {"munoz", 1}, {"logrono", 4}, {"zzz", 0}, {"c1", 1}} {
		n, err := s.CountClients(ctx, data.ClientQuery{Search: tc.search})
		if err != nil || n != tc.want {
			t.Errorf("clients %q: %d (%v), want %d", tc.search, n, err, tc.want)
		}
		if tc.search == "logrono" {
			continue // city is not an invoice field
		}
		m, err := s.CountInvoices(ctx, data.InvoiceQuery{Search: tc.search})
		if err != nil || m != tc.want {
			t.Errorf("invoices %q: %d (%v), want %d", tc.search, m, err, tc.want)
		}
	}
}

// TestSecondProcessIsRefused opens a company file exclusively in a child
// process (this test binary again) and checks that this process is told so,
// while readers without the lock and the file itself are unharmed.
func TestSecondProcessIsRefused(t *testing.T) {
	if path := os.Getenv("CARTERA_LOCK_CHILD"); path != "" {
		s, err := Open(context.Background(), path, Options{Exclusive: true})
		if err != nil {
			os.Exit(3)
		}
		os.WriteFile(path+".ready", nil, 0o600)
		time.Sleep(30 * time.Second) // killed before
		s.Close()
		os.Exit(0)
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "co.cartera")
	s, err := Create(ctx, path, data.Company{Name: "Lock S.L.", Currency: "EUR"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondProcessIsRefused$")
	cmd.Env = append(os.Environ(), "CARTERA_LOCK_CHILD="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for i := 0; ; i++ {
		if _, err := os.Stat(path + ".ready"); err == nil {
			break
		}
		if i > 2000 {
			t.Fatal("the child never opened the file")
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, err = Open(ctx, path, Options{Exclusive: true})
	if data.ErrorCode(err) != EBUSY || !strings.Contains(err.Error(), "already open in another Cartera window") {
		t.Fatalf("second exclusive open: %v", err)
	}
	r, err := Open(ctx, path, Options{}) // the command line reads alongside
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := r.DB().QueryRow("PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("quick_check %q %v", check, err)
	}
	r.Close()
	cmd.Process.Kill()
	cmd.Wait()
	again, err := Open(ctx, path, Options{Exclusive: true})
	if err != nil {
		t.Fatalf("after the other process ended: %v", err)
	}
	again.Close()
}

// TestPathWithURICharacters: "#", "?" and "%" in a folder or file name
// once sent the data to another file (the path went unescaped into a
// file: URI) and left the named file empty; now the named file holds it,
// opens again, backs up and restores.
func TestPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Ventas #2?x%20")
	path := filepath.Join(dir, "acme%#?.cartera")
	ctx := context.Background()
	s, err := Create(ctx, path, data.Company{Name: "Acme", Currency: "EUR", Locale: "es-ES"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "acme%#?.cartera" {
		t.Fatalf("files in the folder: %v", entries)
	}
	if st, _ := os.Stat(path); st.Size() == 0 {
		t.Fatal("the named file is empty")
	}
	if stray, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "Ventas *")); len(stray) != 1 {
		t.Errorf("stray files beside the folder: %v", stray)
	}
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, err := s.Company(ctx); err != nil || c.Name != "Acme" {
		t.Errorf("reopened: %+v %v", c, err)
	}
}

// TestDamagedIsNotForeign: a company file cut short says it is damaged and
// to restore a backup; a file of another kind says it is not a Cartera
// file (a truncated file was "not a Cartera company file": issue 18 #17).
func TestDamagedIsNotForeign(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "co.cartera")
	s, err := Create(ctx, path, data.Company{Name: "Acme", Currency: "EUR", Locale: "es-ES"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	full, _ := os.ReadFile(path)
	other := filepath.Join(dir, "notes.cartera")
	os.WriteFile(other, []byte("just some notes, not a database at all, long enough to have a header"), 0o600)
	for _, tc := range []struct {
		name string
		size int
		path string
		want string
	}{
		{"cut to 50 bytes", 50, path, "damaged"},
		{"cut to half", len(full) / 2, path, "damaged"},
		{"cut after the first page", 4096 + 100, path, "damaged"},
		{"another kind of file", 0, other, "not a Cartera company file"},
	} {
		if tc.size > 0 {
			os.WriteFile(path, full[:tc.size], 0o600)
		}
		s, err := Open(ctx, tc.path, Options{})
		if err == nil {
			s.Close()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestStorageErrorsAreSentences: SQLite's own words (CHECK constraint
// failed, disk full, disk I/O error) never reach the user: each becomes a
// sentence saying nothing was saved.
func TestStorageErrorsAreSentences(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"constraint failed: CHECK constraint failed: amount > 0 (275)", "breaks a rule"},
		{"database or disk is full (13)", "disk is full"},
		{"disk I/O error (10)", "disk error"},
		{"attempt to write a readonly database (8)", "read-only"},
	} {
		err := constraintError(errors.New(tc.raw), "x")
		if data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "constraint failed") {
			t.Errorf("%q: %v", tc.raw, err)
		}
	}
}

// TestReadOnlySidecarsFixed: a -shm or -wal left read-only (from opening
// a 0400 file) gets the company file's owner permissions back when it is
// opened again.
func TestReadOnlySidecarsFixed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "co.cartera")
	s, err := Create(ctx, path, data.Company{Name: "Acme", Currency: "EUR", Locale: "es-ES"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.WriteFile(path+"-shm", nil, 0o400)
	os.Chmod(path+"-shm", 0o400)
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := os.Stat(path + "-shm"); err == nil && st.Mode().Perm() != 0o600 {
		t.Errorf("-shm mode %o, want 0600", st.Mode().Perm())
	}
}
