package data

import (
	"strings"
	"time"
)

// Attachments a reminder level can send.
const (
	AttachNone      = ""
	AttachStatement = "statement"
	AttachLetter    = "letter"
)

// ReminderLevel is one step of the dunning policy: when it is reached (days
// from the due date; negative before it), how (email, or a task: call,
// WhatsApp, letter), what it says in each language and what it attaches.
type ReminderLevel struct {
	ID          int64
	OffsetDays  int
	Channel     Channel
	Attach      string // AttachNone, AttachStatement or AttachLetter
	LetterLevel int    // 1-3, when Attach is AttachLetter
	ReadReceipt bool   // ask for a read receipt (Disposition-Notification-To)
	SubjectES   string
	BodyES      string
	SubjectEN   string
	BodyEN      string
}

// Text is the level's subject and body in lang ("es" or "en").
func (l ReminderLevel) Text(lang string) (subject, body string) {
	if lang == "es" {
		return l.SubjectES, l.BodyES
	}
	return l.SubjectEN, l.BodyEN
}

// Validate checks a level before it is saved.
func (l *ReminderLevel) Validate() error {
	if l.OffsetDays < -60 || l.OffsetDays > 365 {
		return Errorf(EINVALID, "A reminder level is between 60 days before and 365 days after the due date.")
	}
	if l.Channel == "" {
		l.Channel = ChannelEmail
	}
	if !l.Channel.valid() || l.Channel == ChannelVisit {
		return Errorf(EINVALID, "Unknown reminder channel %q.", string(l.Channel))
	}
	switch l.Attach {
	case AttachNone, AttachStatement:
	case AttachLetter:
		if l.LetterLevel < 1 || l.LetterLevel > 3 {
			return Errorf(EINVALID, "Reminder letters go from level 1 to %d.", 3)
		}
	default:
		return Errorf(EINVALID, "Unknown attachment %q.", l.Attach)
	}
	if l.Channel == ChannelEmail && (strings.TrimSpace(l.SubjectES+l.SubjectEN) == "" || strings.TrimSpace(l.BodyES+l.BodyEN) == "") {
		return Errorf(EINVALID, "A reminder email needs a subject and a text.")
	}
	return nil
}

// Send statuses.
const (
	SendSending = "sending" // committed before talking to the server; left so by a crash
	SendSent    = "sent"
	SendFailed  = "failed"  // the server could not be reached or kept failing; may go again
	SendRefused = "refused" // every recipient was refused
	SendUnsent  = "unsent"  // a "sending" the user said did not go out
)

// Send is one reminder message in the send log.
type Send struct {
	ID          int64
	ClientID    int64
	LevelID     int64
	Day         Date
	Created     time.Time
	Status      string
	MessageID   string
	Error       string
	Attempts    int
	Invoices    []int64
	Instalments []int   // each invoice's instalment (0: the whole invoice; none: all 0)
	Levels      []int64 // each invoice's level (the message's when empty)
	Recipients  []Recipient
	// InstalmentID is the payment plan instalment the message reminds of
	// (0 for dunning levels); each instalment is reminded of once.
	InstalmentID int64
}

// Recipient is what the server said of one address.
type Recipient struct {
	Address  string
	Accepted bool
	Error    string
}

// ReminderHold is what keeps reminders from a client: a pause until a day,
// an address the server refused.
type ReminderHold struct {
	PausedUntil  Date
	EmailRefused string
}

// SentKey is what gets each reminder level once: an invoice, or one
// instalment of an invoice that falls due in parts.
type SentKey struct {
	Invoice    int64
	Instalment int // 0: the whole invoice
}
