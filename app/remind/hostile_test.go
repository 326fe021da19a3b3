package remind

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cartera/data"
)

// hostile is a TCP server on 127.0.0.1 that misbehaves as asked: each
// connection runs script, which talks raw SMTP (or does not).
type hostile struct {
	ln    net.Listener
	mu    sync.Mutex
	lines []string // every line a client sent
	data  int      // messages whose final "." arrived
}

func newHostile(t *testing.T, script func(h *hostile, c net.Conn, r *bufio.Reader)) *hostile {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &hostile{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				script(h, c, bufio.NewReader(c))
			}()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return h
}

func (h *hostile) port() int { return h.ln.Addr().(*net.TCPAddr).Port }

// read reads a command line and keeps it.
func (h *hostile) read(r *bufio.Reader) (string, bool) {
	l, err := r.ReadString('\n')
	if err != nil {
		return "", false
	}
	l = strings.TrimRight(l, "\r\n")
	h.mu.Lock()
	h.lines = append(h.lines, l)
	h.mu.Unlock()
	return l, true
}

// serve answers like a plain server offering ext after EHLO; after the
// final "." of a message it calls atEnd (false: answer 250 and go on).
func (h *hostile) serve(c net.Conn, r *bufio.Reader, ext []string, atEnd func() bool) {
	c.Write([]byte("220 hostile ESMTP\r\n"))
	for {
		l, ok := h.read(r)
		if !ok {
			return
		}
		switch cmd := strings.ToUpper(strings.Fields(l + " x")[0]); cmd {
		case "EHLO":
			out := "250-hostile\r\n"
			for _, e := range ext {
				out += "250-" + e + "\r\n"
			}
			c.Write([]byte(out + "250 8BITMIME\r\n"))
		case "DATA":
			c.Write([]byte("354 go on\r\n"))
			for {
				l, ok := h.read(r)
				if !ok {
					return
				}
				if l == "." {
					break
				}
			}
			h.mu.Lock()
			h.data++
			h.mu.Unlock()
			if atEnd != nil && atEnd() {
				return // drop: the client never hears whether it was taken
			}
			c.Write([]byte("250 queued\r\n"))
		case "QUIT":
			c.Write([]byte("221 bye\r\n"))
			return
		default:
			c.Write([]byte("250 ok\r\n"))
		}
	}
}

// messages is how many messages' final "." the server read.
func (h *hostile) messages() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.data
}

func (h *hostile) sent(prefix string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.lines {
		if strings.HasPrefix(strings.ToUpper(l), prefix) {
			return true
		}
	}
	return false
}

// quick makes the deadlines short for the test.
func quick(t *testing.T) {
	d, s := dialTimeout, stepTimeout
	dialTimeout, stepTimeout = time.Second, 300*time.Millisecond
	t.Cleanup(func() { dialTimeout, stepTimeout = d, s })
}

var testEmail = Email{From: "cobros@olivar.es", To: []string{"ana@example.com"}, Subject: "s", Text: "t"}

// TestHostileServers: a server that offers no STARTTLS never gets the
// password (issue 18 #1); one that never greets, stalls after EHLO or
// trickles a byte at a time fails the step within its deadline, and
// cancelling stops at once (#3); each as a sentence.
func TestHostileServers(t *testing.T) {
	quick(t)
	release := make(chan struct{}) // the stalling servers wait for the test's end: only a deadline frees the client
	t.Cleanup(func() { close(release) })
	for _, tc := range []struct {
		name     string
		security string
		script   func(h *hostile, c net.Conn, r *bufio.Reader)
		cancel   bool
		want     string
	}{
		{"no STARTTLS offered", "starttls", func(h *hostile, c net.Conn, r *bufio.Reader) {
			h.serve(c, r, []string{"AUTH PLAIN LOGIN"}, nil)
		}, false, "offers no STARTTLS"},
		{"never greets", "none", func(h *hostile, c net.Conn, r *bufio.Reader) { <-release }, false, "stopped answering"},
		{"never greets, cancelled", "none", func(h *hostile, c net.Conn, r *bufio.Reader) { <-release }, true, "context canceled"},
		{"stalls after EHLO", "none", func(h *hostile, c net.Conn, r *bufio.Reader) {
			c.Write([]byte("220 hi\r\n"))
			h.read(r)
			<-release
		}, false, "stopped answering"},
		{"trickles", "none", func(h *hostile, c net.Conn, r *bufio.Reader) {
			for _, b := range []byte("220 a very slow greeting\r\n") {
				c.Write([]byte{b})
				time.Sleep(100 * time.Millisecond)
			}
		}, false, "stopped answering"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHostile(t, tc.script)
			m := NewSMTP(Config{Host: "127.0.0.1", Port: h.port(), Security: tc.security, User: "cobros", From: testEmail.From}, "s3cret")
			defer m.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				time.AfterFunc(50*time.Millisecond, cancel)
			}
			_, err := m.Send(ctx, testEmail) // returns only through a deadline or the cancel: the server never lets go
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
			if h.sent("AUTH") {
				t.Error("the password went out")
			}
			if tc.cancel && !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled: %v", err)
			}
		})
	}
}

// TestDropAfterData: a server that drops the connection after the final
// "." leaves each message's fate unknown: every message of the run is
// handed over once, kept "sending" for the user to confirm, and never
// retried by itself (it was sent four times before: issue 18 #4).
func TestDropAfterData(t *testing.T) {
	quick(t)
	w := newWorld(t)
	h := newHostile(t, func(h *hostile, c net.Conn, r *bufio.Reader) { h.serve(c, r, nil, func() bool { return true }) })
	ctx := context.Background()
	if err := Set(ctx, w.s, "smtp.port", strconv.Itoa(h.port())); err != nil {
		t.Fatal(err)
	}
	p, res := w.run(t, day0)
	if len(p.Messages) == 0 {
		t.Fatal("nothing to send")
	}
	if res.Unknown != len(p.Messages) || res.Sent != 0 || res.Failed != 0 {
		t.Errorf("sent %d, failed %d, unknown %d of %d", res.Sent, res.Failed, res.Unknown, len(p.Messages))
	}
	if got := h.messages(); got != len(p.Messages) {
		t.Errorf("the server got %d messages for %d: a retry sent one again", got, len(p.Messages))
	}
	for _, s := range res.Sends {
		if s.Status != data.SendSending || s.Attempts != 1 {
			t.Errorf("send #%d: %s after %d attempts", s.ID, s.Status, s.Attempts)
		}
	}
	// The next run sends none of them again, and asks about them.
	p2, _ := w.run(t, day0)
	if got := h.messages(); len(p2.Unconfirmed) != len(p.Messages) || got != len(p.Messages) {
		t.Errorf("next run: %d unconfirmed, the server has %d", len(p2.Unconfirmed), got)
	}
}

// TestStallAfterData: a server that takes the message and then never
// answers leaves its fate unknown, within the step's deadline: never
// reported sent, never retried.
func TestStallAfterData(t *testing.T) {
	quick(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	h := newHostile(t, func(h *hostile, c net.Conn, r *bufio.Reader) {
		h.serve(c, r, nil, func() bool { <-release; return true })
	})
	m := NewSMTP(Config{Host: "127.0.0.1", Port: h.port(), Security: "none", From: testEmail.From}, "")
	defer m.Close()
	_, err := m.Send(context.Background(), testEmail) // only the step's deadline can end it
	if !Unknown(err) || Temporary(err) {
		t.Errorf("error %v: want an unknown outcome, not a temporary failure", err)
	}
}
