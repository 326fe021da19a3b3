package remind

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"cartera/data"
	"cartera/data/sqlite"
)

// hangingMailer sends for real, then marks a file and hangs before Run can
// record the message as sent: the moment a crash hurts most.
type hangingMailer struct {
	Mailer
	marker string
}

func (h hangingMailer) Send(ctx context.Context, e Email) ([]data.Recipient, error) {
	h.Mailer.Send(ctx, e)
	os.WriteFile(h.marker, []byte("sent"), 0o600)
	select {} // killed here
}

// TestCrashMidSend kills (SIGKILL) a child process after the server took a
// message but before it was logged as sent; a new run must send nothing
// twice and show the message for the user to confirm.
func TestCrashMidSend(t *testing.T) {
	if path := os.Getenv("CARTERA_CRASH_CHILD"); path != "" {
		childRun(path, func(m Mailer) Mailer { return hangingMailer{m, os.Getenv("CARTERA_CRASH_MARKER")} })
	}
	w := newWorld(t)
	path := w.s.Path()
	marker := filepath.Join(t.TempDir(), "marker")
	cmd := startChild(t, "TestCrashMidSend", marker, "CARTERA_CRASH_CHILD="+path, "CARTERA_CRASH_MARKER="+marker)
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	first := w.srv.Messages()
	if len(first) != 1 {
		t.Fatalf("the child sent %d messages", len(first))
	}
	victim := first[0].To[0]

	p, res := w.run(t, day0)
	if len(p.Unconfirmed) != 1 {
		t.Errorf("%d messages await confirmation, want 1", len(p.Unconfirmed))
	}
	n := 0
	for _, m := range w.srv.Messages() {
		if slices.Contains(m.To, victim) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%s received %d messages after the crash", victim, n)
	}
	if res.Sent != 4 {
		t.Errorf("the others: %d sent, want 4", res.Sent)
	}
	// Confirming "not sent" frees the invoices for the next run, and only then.
	ctx := context.Background()
	if err := w.s.Update(ctx, func(tx *sqlite.Tx) error { return tx.ConfirmSend(p.Unconfirmed[0].ID, false) }); err != nil {
		t.Fatal(err)
	}
	p2, _ := MakePlan(ctx, w.s, w.c, day0.AddDays(1))
	if len(p2.Unconfirmed) != 0 || !slices.ContainsFunc(p2.Messages, func(m Message) bool { return slices.Contains(m.To, victim) }) {
		t.Errorf("after 'not sent': %d unconfirmed, victim planned: %v", len(p2.Unconfirmed), p2.Messages)
	}
}

// slowMailer takes its time with each message, so a kill lands mid-run.
type slowMailer struct{ Mailer }

func (m slowMailer) Send(ctx context.Context, e Email) ([]data.Recipient, error) {
	time.Sleep(8 * time.Millisecond)
	return m.Mailer.Send(ctx, e)
}

// TestCrashAtRandomDuringRuns kills reminder runs of 150 clients at random
// moments, runs them again to the end, and counts what any address got
// twice: nothing may be.
func TestCrashAtRandomDuringRuns(t *testing.T) {
	if path := os.Getenv("CARTERA_RANDOM_CRASH"); path != "" {
		childRun(path, func(m Mailer) Mailer {
			os.WriteFile(path+".started", nil, 0o600)
			return slowMailer{m}
		})
	}
	if testing.Short() {
		t.Skip("the crash harness takes a few seconds")
	}
	const runs, clients = 8, 150
	kills, integrity, duplicates, delivered := 0, 0, 0, 0
	for run := range runs {
		w := newWorld(t)
		ctx := context.Background()
		err := w.s.Update(ctx, func(tx *sqlite.Tx) error {
			for i := range clients {
				cl := data.Client{Code: fmt.Sprintf("Z%03d", i), Name: fmt.Sprintf("Cliente %d", i), Language: "es",
					Emails: []string{fmt.Sprintf("z%d@example.com", i)}}
				if err := tx.CreateClient(&cl); err != nil {
					return err
				}
				if err := tx.CreateInvoice(&data.Invoice{Number: fmt.Sprintf("Z-%03d", i), ClientID: cl.ID, IssueDate: day0.AddDays(-40),
					DueDate: day0.AddDays(-2), Amount: data.M(1000, "EUR")}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		path := w.s.Path()
		cmd := startChild(t, "TestCrashAtRandomDuringRuns", path+".started", "CARTERA_RANDOM_CRASH="+path)
		time.Sleep(time.Duration(rand.IntN(1500)) * time.Millisecond)
		if cmd.Process.Kill() == nil {
			kills++
		}
		cmd.Wait()
		if err := sqlite.Check(ctx, path); err != nil {
			integrity++
			t.Errorf("run %d: %v", run, err)
		}
		w.run(t, day0) // the scheduled run that comes next, to the end
		per := map[string]int{}
		for _, m := range w.srv.Messages() {
			for _, to := range m.To {
				per[to]++
			}
		}
		for addr, n := range per {
			if n > 1 {
				duplicates++
				t.Errorf("run %d: %s got %d reminders", run, addr, n)
			}
		}
		delivered += len(w.srv.Messages())
	}
	t.Logf("crash harness, reminder runs of %d clients: %d runs, %d kills, %d messages delivered, %d integrity failures, %d duplicates",
		clients+5, runs, kills, delivered, integrity, duplicates)
}

// childRun is the child process of a crash test: it plans day0's reminders
// of the company at path and sends them through wrap's mailer, then exits.
func childRun(path string, wrap func(Mailer) Mailer) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		os.Exit(3)
	}
	c, _ := s.Company(ctx)
	p, _ := MakePlan(ctx, s, c, day0)
	cfg, _ := LoadConfig(ctx, s)
	Run(ctx, s, c, wrap(NewSMTP(cfg, "")), p, Options{})
	os.Exit(0)
}

// startChild runs test in a child process (this test binary again) with
// env, and returns once the child has written marker.
func startChild(t *testing.T, test, marker string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(marker); err == nil {
			return cmd
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child of %s never got going", test)
		}
	}
}
