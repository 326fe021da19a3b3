package remind

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"gopkg.in/gomail.v2"

	"cartera/data"
)

// Email is one message to send.
type Email struct {
	From        string
	FromName    string
	To          []string
	Subject     string
	Text, HTML  string
	MessageID   string
	ReadReceipt bool // ask for a read receipt (Disposition-Notification-To: From)
	Attachments []Attachment
}

// Attachment is a file sent with an email.
type Attachment struct {
	Name string
	Data []byte
}

// Mailer sends emails; its session stays open between messages until
// Close. gomail (which only builds the messages now) is unmaintained
// upstream: this file is the only one that knows it.
type Mailer interface {
	// Send sends e and says, per address, whether the server took it. The
	// error is for the message as a whole (no connection, refused login…);
	// Temporary(err) says whether trying again later may help.
	Send(ctx context.Context, e Email) ([]data.Recipient, error)
	Close() error
}

// temporaryError marks errors worth retrying: no connection, 4xx replies.
type temporaryError struct{ error }

func (e temporaryError) Unwrap() error { return e.error }

// Temporary reports whether trying again later may help.
func Temporary(err error) bool {
	var t temporaryError
	return errors.As(err, &t)
}

// smtpMailer sends through an SMTP server, one connection for a whole
// run. gomail builds the MIME message; the exchange with the server is
// net/smtp over a connection with a deadline on every step, closed when the
// context ends.
type smtpMailer struct {
	cfg      Config
	password string
	conn     net.Conn
	client   *smtp.Client
}

// Deadlines of the exchange with a mail server: to connect, and for each
// step (the greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, the final
// reply). A server that never greets, stalls or trickles a byte at a time
// fails the step instead of hanging the run. Variables for tests.
var (
	dialTimeout = 15 * time.Second
	stepTimeout = 30 * time.Second
)

// NewSMTP is a Mailer for the configured server and password.
func NewSMTP(cfg Config, password string) Mailer {
	return &smtpMailer{cfg: cfg, password: password}
}

func (m *smtpMailer) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: m.cfg.Host, MinVersion: tls.VersionTLS12}
}

// Close says goodbye to the server (a failed goodbye loses nothing: the
// messages are sent) and closes the connection.
func (m *smtpMailer) Close() error {
	if m.client == nil {
		return nil
	}
	m.conn.SetDeadline(time.Now().Add(5 * time.Second))
	m.client.Quit()
	m.drop()
	return nil
}

// drop closes the connection without a goodbye.
func (m *smtpMailer) drop() {
	if m.conn != nil {
		m.conn.Close()
	}
	m.client, m.conn = nil, nil
}

// step runs one exchange with the server under its deadline; the context
// ending cuts it short at once.
func (m *smtpMailer) step(ctx context.Context, d time.Duration, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	deadline := time.Now().Add(d)
	conn := m.conn // fn may drop the connection: the watcher keeps its own
	conn.SetDeadline(deadline)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case <-ctx.Done():
			conn.SetDeadline(time.Now()) // unblocks the read or write under way
		case <-done:
		}
	}()
	err := fn()
	close(done)
	<-stopped // the watcher never outlives the step
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil && !time.Now().Before(deadline) {
		return stalled{err} // a trickle ends in a short line, not always in a timeout error
	}
	return err
}

// tryLater is a 4xx reply: the server asks for the message again later.
func (m *smtpMailer) tryLater(tp *textproto.Error) error {
	return temporaryError{data.Errorf(data.EINVALID, "The mail server %s asked to try later: %s.", m.cfg.Host, tp.Msg)}
}

// stalled is a step the server did not finish within its deadline.
type stalled struct{ error }

func (stalled) Timeout() bool   { return true }
func (stalled) Temporary() bool { return true }
func (e stalled) Unwrap() error { return e.error }

// dial connects, says hello, secures the connection as configured and
// logs in. With starttls, a server that does not offer STARTTLS is left
// before anything, the password least of all, is sent.
func (m *smtpMailer) dial(ctx context.Context) error {
	addr := net.JoinHostPort(m.cfg.Host, strconv.Itoa(m.cfg.Port))
	nd := &net.Dialer{Timeout: dialTimeout}
	var conn net.Conn
	var err error
	if m.cfg.Security == "tls" {
		conn, err = (&tls.Dialer{NetDialer: nd, Config: m.tlsConfig()}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = nd.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return dialError(m.cfg, err)
	}
	m.conn = conn
	fail := func(err error) error {
		m.drop()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return dialError(m.cfg, err)
	}
	if err := m.step(ctx, stepTimeout, func() (err error) { m.client, err = smtp.NewClient(conn, m.cfg.Host); return err }); err != nil {
		return fail(err)
	}
	c := m.client
	if err := m.step(ctx, stepTimeout, func() error { return c.Hello("localhost") }); err != nil {
		return fail(err)
	}
	if m.cfg.Security == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			m.drop()
			return data.Errorf(data.EINVALID, "The mail server %s offers no STARTTLS, so nothing was sent, the password least of all. Use the tls setting, or a server that offers STARTTLS.", m.cfg.Host)
		}
		if err := m.step(ctx, stepTimeout, func() error { return c.StartTLS(m.tlsConfig()) }); err != nil {
			return fail(err)
		}
	}
	if m.cfg.User != "" {
		if ok, _ := c.Extension("AUTH"); ok {
			if err := m.step(ctx, stepTimeout, func() error { return c.Auth(smtp.PlainAuth("", m.cfg.User, m.password, m.cfg.Host)) }); err != nil {
				return fail(err)
			}
		}
	}
	return nil
}

// unknownError is a message whose fate the server never told: the
// connection dropped (or stalled) after the message was handed over.
// Sending it again could deliver it twice, so it is never retried by
// itself: it waits for the user to say whether it arrived.
type unknownError struct{ error }

func (e unknownError) Unwrap() error { return e.error }

// Unknown reports whether a message may have arrived despite err.
func Unknown(err error) bool {
	var u unknownError
	return errors.As(err, &u)
}

// message builds the MIME message: plain text with an HTML alternative,
// attachments, headers set through gomail (which encodes them) from
// values with no line breaks.
func message(e Email) *gomail.Message {
	msg := gomail.NewMessage(gomail.SetCharset("UTF-8"))
	msg.SetAddressHeader("From", e.From, oneLine(e.FromName))
	msg.SetHeader("To", e.To...)
	msg.SetHeader("Subject", oneLine(e.Subject))
	if e.MessageID != "" {
		msg.SetHeader("Message-ID", e.MessageID)
	}
	if e.ReadReceipt {
		msg.SetHeader("Disposition-Notification-To", e.From)
	}
	msg.SetBody("text/plain", e.Text)
	if e.HTML != "" {
		msg.AddAlternative("text/html", e.HTML)
	}
	for _, a := range e.Attachments {
		data := a.Data
		msg.Attach(oneLine(a.Name), gomail.SetCopyFunc(func(w io.Writer) error { _, err := w.Write(data); return err }))
	}
	return msg
}

func (m *smtpMailer) Send(ctx context.Context, e Email) ([]data.Recipient, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if m.client == nil {
		if err := m.dial(ctx); err != nil {
			return nil, err
		}
	}
	var body bytes.Buffer
	if _, err := message(e).WriteTo(&body); err != nil {
		return nil, data.Wrap(err, data.EINTERNAL, "The message could not be written.")
	}
	// Writing the body may take longer than a step: a minute more per MB.
	bodyTimeout := stepTimeout + time.Duration(body.Len()/(1<<20)+1)*time.Minute
	broke := func(err error) error {
		m.drop()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return temporaryError{data.Errorf(data.EINVALID, "The connection to the mail server %s broke: %v.", m.cfg.Host, err)}
	}
	c := m.client
	var out []data.Recipient
	delivered := 0
	for _, to := range e.To {
		// One envelope per address, so each is accepted or refused on its own.
		if err := m.step(ctx, stepTimeout, func() error { return c.Mail(e.From) }); err != nil {
			var tp *textproto.Error
			if !errors.As(err, &tp) {
				return nil, partial(delivered, broke(err))
			}
			if tp.Code >= 400 && tp.Code < 500 {
				m.step(ctx, stepTimeout, c.Reset)
				return nil, partial(delivered, m.tryLater(tp))
			}
			return nil, partial(delivered, data.Errorf(data.EINVALID, "The mail server %s refused the sender %s: %d %s.", m.cfg.Host, e.From, tp.Code, tp.Msg))
		}
		r := data.Recipient{Address: to}
		if err := m.step(ctx, stepTimeout, func() error { return c.Rcpt(to) }); err != nil {
			var tp *textproto.Error
			if !errors.As(err, &tp) {
				return nil, partial(delivered, broke(err))
			}
			m.step(ctx, stepTimeout, c.Reset)
			if tp.Code >= 400 && tp.Code < 500 {
				return nil, partial(delivered, m.tryLater(tp))
			}
			r.Error = fmt.Sprintf("%d %s", tp.Code, tp.Msg)
			out = append(out, r)
			continue
		}
		var w io.WriteCloser
		if err := m.step(ctx, stepTimeout, func() (err error) { w, err = c.Data(); return err }); err != nil {
			return nil, partial(delivered, broke(err))
		}
		if err := m.step(ctx, bodyTimeout, func() error { _, err := w.Write(body.Bytes()); return err }); err != nil {
			return nil, partial(delivered, broke(err)) // the final "." never went: nothing was delivered
		}
		// The end of the message goes out; only the server's reply tells
		// whether it took it. No reply: the outcome is unknown.
		if err := m.step(ctx, stepTimeout, w.Close); err != nil {
			var tp *textproto.Error
			if errors.As(err, &tp) {
				if tp.Code >= 400 && tp.Code < 500 {
					return nil, partial(delivered, m.tryLater(tp))
				}
				r.Error = fmt.Sprintf("%d %s", tp.Code, tp.Msg)
				out = append(out, r)
				continue
			}
			m.drop()
			return nil, unknownError{data.Errorf(data.EINVALID, "The connection to the mail server %s was lost after the message to %s was handed over: it may or may not have arrived.", m.cfg.Host, to)}
		}
		r.Accepted = true
		delivered++
		out = append(out, r)
	}
	return out, nil
}

// partial turns a failure after some addresses already received the
// message into an unknown outcome: retrying would send it to them again.
func partial(delivered int, err error) error {
	if delivered == 0 {
		return err
	}
	return unknownError{err}
}

// dialError is a sentence for a failed connection or login.
func dialError(cfg Config, err error) error {
	msg := err.Error()
	var tp *textproto.Error
	var ne net.Error
	switch {
	case errors.As(err, &tp) && (tp.Code == 535 || tp.Code == 534 || tp.Code == 530):
		return data.Errorf(data.EINVALID, "The mail server %s refused the user name or password (%s).", cfg.Host, tp.Msg)
	case strings.Contains(msg, "tls") || strings.Contains(msg, "x509") || strings.Contains(msg, "certificate"):
		return data.Errorf(data.EINVALID, "Could not open a secure connection to %s:%d (%v). Check the security setting (none, starttls or tls) and the port.", cfg.Host, cfg.Port, err)
	case errors.As(err, &ne) && ne.Timeout():
		return temporaryError{data.Errorf(data.EINVALID, "The mail server %s:%d stopped answering: no reply within %d seconds.", cfg.Host, cfg.Port, int(stepTimeout.Seconds()+0.5))}
	case strings.Contains(msg, "unencrypted connection"):
		return data.Errorf(data.EINVALID, "The mail server %s offers no encryption, so the password was not sent. Use starttls or tls.", cfg.Host)
	case errors.As(err, &ne) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "no such host"):
		return temporaryError{data.Errorf(data.EINVALID, "Could not reach the mail server %s:%d (%v).", cfg.Host, cfg.Port, err)}
	}
	return temporaryError{data.Errorf(data.EINVALID, "The mail server %s:%d failed: %v.", cfg.Host, cfg.Port, err)}
}
