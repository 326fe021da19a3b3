package data

import (
	"slices"
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
	for _, f := range []struct {
		where Text
		text  string
	}{{Text("Spanish subject"), l.SubjectES}, {Text("Spanish text"), l.BodyES}, {Text("English subject"), l.SubjectEN}, {Text("English text"), l.BodyEN}} {
		if bad := unknownPlaceholder(f.text); bad != "" {
			if near := nearestPlaceholder(bad); near != "" {
				return Errorf(EINVALID, "The %s has %s, which Cartera does not know: did you mean %s?", f.where, bad, near)
			}
			return Errorf(EINVALID, "The %s has %s, which Cartera does not know. It can use %s.", f.where, bad, strings.Join(LevelPlaceholders, " "))
		}
	}
	return nil
}

// LevelPlaceholders are what a reminder level's texts may hold, each
// replaced by its value when the message is written.
var LevelPlaceholders = []string{"{client}", "{invoices}", "{total}", "{oldest_due}", "{days_overdue}", "{instructions}", "{company}"}

// unknownPlaceholder is the first {word} of s that is not a placeholder.
func unknownPlaceholder(s string) string {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return ""
		}
		p := s[i : i+j+1]
		if !slices.Contains(LevelPlaceholders, p) {
			return p
		}
		s = s[i+j+1:]
	}
}

// nearestPlaceholder is the placeholder p was most likely meant to be (at
// most two letters changed, added, removed or swapped), or "".
func nearestPlaceholder(p string) string {
	best, bestD := "", 3
	for _, q := range LevelPlaceholders {
		if d := editDistance(strings.ToLower(p), q); d < bestD {
			best, bestD = q, d
		}
	}
	return best
}

// editDistance counts the letters to change, add, remove or swap (two
// side by side) to turn a into b (Damerau–Levenshtein, optimal string
// alignment).
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
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
