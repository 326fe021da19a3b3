// Package smtptest is a real SMTP server on 127.0.0.1 for tests: it keeps
// and parses what it receives, refuses addresses containing "refuse", and
// can answer "try later" on demand.
package smtptest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Message is one message the server took, parsed.
type Message struct {
	From        string
	To          []string // envelope recipients
	Raw         []byte
	Header      mail.Header
	Subject     string
	Text, HTML  string
	Attachments []string
}

// Server is the test SMTP server.
type Server struct {
	mu   sync.Mutex
	msgs []Message
	srv  *smtp.Server
	Addr *net.TCPAddr
	fail int // answer the next fail messages with 451 (try later)
}

// New starts a server, stopped when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	ts := &Server{}
	ts.srv = smtp.NewServer(ts)
	ts.srv.Domain = "localhost"
	ts.srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.Addr = l.Addr().(*net.TCPAddr)
	go ts.srv.Serve(l)
	t.Cleanup(func() { ts.srv.Close() })
	return ts
}

func (ts *Server) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{ts: ts}, nil }

// Port is the server's port.
func (ts *Server) Port() int { return ts.Addr.Port }

// FailNext answers the next n messages "451 try again later".
func (ts *Server) FailNext(n int) {
	ts.mu.Lock()
	ts.fail = n
	ts.mu.Unlock()
}

// Messages are the messages received so far.
func (ts *Server) Messages() []Message {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]Message(nil), ts.msgs...)
}

type session struct {
	ts   *Server
	from string
	to   []string
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if s.ts.fail > 0 {
		s.ts.fail--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.Contains(to, "refuse") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Parse(raw)
	m.From, m.To = s.from, s.to
	s.ts.mu.Lock()
	s.ts.msgs = append(s.ts.msgs, m)
	s.ts.mu.Unlock()
	return nil
}

// Parse reads a MIME message: decoded subject, text and HTML bodies, the
// names of its attachments.
func Parse(raw []byte) Message {
	out := Message{Raw: raw}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return out
	}
	out.Header = msg.Header
	dec := new(mime.WordDecoder)
	out.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		get := func(k string) string {
			if v := h[k]; len(v) > 0 {
				return v[0]
			}
			return ""
		}
		mt, params, _ := mime.ParseMediaType(get("Content-Type"))
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p)
			}
		}
		if get("Content-Transfer-Encoding") == "quoted-printable" {
			body = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(body)
		if _, p, err := mime.ParseMediaType(get("Content-Disposition")); err == nil && p["filename"] != "" {
			name, _ := dec.DecodeHeader(p["filename"])
			out.Attachments = append(out.Attachments, name)
			return
		}
		switch mt {
		case "text/plain":
			out.Text = string(b)
		case "text/html":
			out.HTML = string(b)
		}
	}
	walk(msg.Header, msg.Body)
	return out
}
