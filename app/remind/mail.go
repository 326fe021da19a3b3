package remind

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strings"

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
// Close. gomail is unmaintained upstream: this file is the only one that
// knows it, so replacing it is one file.
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

// smtpMailer sends through an SMTP server with gomail, one connection for
// a whole run.
type smtpMailer struct {
	cfg    Config
	dialer *gomail.Dialer
	conn   gomail.SendCloser
}

// NewSMTP is a Mailer for the configured server and password.
func NewSMTP(cfg Config, password string) Mailer {
	d := gomail.NewDialer(cfg.Host, cfg.Port, cfg.User, password)
	d.SSL = cfg.Security == "tls"
	d.TLSConfig = &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}
	return &smtpMailer{cfg: cfg, dialer: d}
}

func (m *smtpMailer) Close() error {
	if m.conn == nil {
		return nil
	}
	err := m.conn.Close()
	m.conn = nil
	return err
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
	if m.conn == nil {
		conn, err := m.dialer.Dial()
		if err != nil {
			return nil, dialError(m.cfg, err)
		}
		m.conn = conn
	}
	msg := message(e)
	var out []data.Recipient
	accepted := 0
	for _, to := range e.To {
		// One envelope per address, so each is accepted or refused on its own.
		err := m.conn.Send(e.From, []string{to}, msg)
		r := data.Recipient{Address: to, Accepted: err == nil}
		if err != nil {
			var tp *textproto.Error
			if !errors.As(err, &tp) { // the connection broke: the whole message failed
				m.Close()
				return nil, temporaryError{data.Errorf(data.EINVALID, "The connection to the mail server %s broke: %v.", m.cfg.Host, err)}
			}
			if tp.Code >= 400 && tp.Code < 500 {
				return nil, temporaryError{data.Errorf(data.EINVALID, "The mail server %s asked to try later: %s.", m.cfg.Host, tp.Msg)}
			}
			r.Error = fmt.Sprintf("%d %s", tp.Code, tp.Msg)
		} else {
			accepted++
		}
		out = append(out, r)
	}
	return out, nil
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
	case strings.Contains(msg, "unencrypted connection"):
		return data.Errorf(data.EINVALID, "The mail server %s offers no encryption, so the password was not sent. Use starttls or tls.", cfg.Host)
	case errors.As(err, &ne) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "no such host"):
		return temporaryError{data.Errorf(data.EINVALID, "Could not reach the mail server %s:%d (%v).", cfg.Host, cfg.Port, err)}
	}
	return temporaryError{data.Errorf(data.EINVALID, "The mail server %s:%d failed: %v.", cfg.Host, cfg.Port, err)}
}
