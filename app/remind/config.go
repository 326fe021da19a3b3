package remind

import (
	"context"
	"log"
	"net/mail"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"cartera/data"
	"cartera/data/sqlite"
)

// Config is the SMTP account and the reminder schedule. The password is not
// here: it lives in the OS keyring (CARTERA_SMTP_PASSWORD when there is none).
type Config struct {
	Host      string
	Port      int
	Security  string // none, starttls, tls
	User      string
	From      string
	Time      string // HH:MM, when the app sends each day
	Auto      bool   // send automatically while the app runs
	GraceDays int    // after a promised date, before chasing resumes
	ThankYou  bool   // thank clients who pay in full after a reminder
	// PlanNotice is how many days before a plan instalment's date its reminder goes.
	PlanNotice int
}

// setting is one key of `cartera config`, with its default and its check.
type setting struct {
	def   string
	check func(string) error
}

var settings = map[string]setting{
	"smtp.host":     {"", nil},
	"smtp.port":     {"587", checkInt(1, 65535)},
	"smtp.security": {"starttls", checkOneOf("none", "starttls", "tls")},
	"smtp.user":     {"", nil},
	"smtp.from": {"", func(v string) error {
		if _, err := mail.ParseAddress(v); err != nil {
			return data.Errorf(data.EINVALID, "%s is not an email address.", v)
		}
		return nil
	}},
	"reminders.time": {"09:00", func(v string) error {
		if _, err := time.Parse("15:04", v); err != nil {
			return data.Errorf(data.EINVALID, "Write the time as HH:MM, such as 09:00.")
		}
		return nil
	}},
	"reminders.auto":      {"off", checkOneOf("on", "off")},
	"reminders.thank_you": {"off", checkOneOf("on", "off")},
	KeyPrivateDocs:        {"on", checkOneOf("on", "off")},
	KeyGraceDays:          {"3", checkInt(0, 60)},
	KeyPlanNotice:         {"3", checkInt(0, 30)},
	"smtp.password":       {"", nil}, // kept in the keyring, never in the file
}

func checkInt(lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return data.Errorf(data.EINVALID, "%s must be a whole number from %d to %d.", v, lo, hi)
		}
		return nil
	}
}

func checkOneOf(vals ...string) func(string) error {
	return func(v string) error {
		for _, x := range vals {
			if v == x {
				return nil
			}
		}
		return data.Errorf(data.EINVALID, "%s must be one of %s.", v, strings.Join(vals, ", "))
	}
}

// Keys lists the settings `cartera config` knows, sorted.
func Keys() []string {
	var out []string
	for k := range settings {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Get reads a setting (its default when unset). The password is never shown.
func Get(ctx context.Context, s *sqlite.Store, key string) (string, error) {
	def, ok := settings[key]
	if !ok {
		return "", data.Errorf(data.EINVALID, "Unknown setting %q.", key)
	}
	if key == "smtp.password" {
		if _, err := Password(ctx, s); err != nil {
			return "", nil
		}
		return "********", nil
	}
	v, set, err := s.Setting(ctx, key)
	if err != nil || !set {
		return def.def, err
	}
	return v, nil
}

// Set checks and writes a setting; the password goes to the OS keyring.
func Set(ctx context.Context, s *sqlite.Store, key, value string) error {
	def, ok := settings[key]
	if !ok {
		return data.Errorf(data.EINVALID, "Unknown setting %q.", key)
	}
	value = strings.TrimSpace(value)
	if key == "smtp.password" {
		return setPassword(ctx, s, value)
	}
	if value != "" && def.check != nil {
		if err := def.check(value); err != nil {
			return err
		}
	}
	return s.Update(ctx, func(tx *sqlite.Tx) error { return tx.SetSetting(key, value) })
}

// LoadConfig reads the SMTP account and the schedule.
func LoadConfig(ctx context.Context, s *sqlite.Store) (Config, error) {
	all, err := s.Settings(ctx)
	if err != nil {
		return Config{}, err
	}
	get := func(k string) string {
		if v, ok := all[k]; ok {
			return v
		}
		return settings[k].def
	}
	c := Config{Host: get("smtp.host"), Security: get("smtp.security"), User: get("smtp.user"), From: get("smtp.from"),
		Time: get("reminders.time"), Auto: get("reminders.auto") == "on", ThankYou: get("reminders.thank_you") == "on"}
	c.Port, _ = strconv.Atoi(get("smtp.port"))
	c.GraceDays, _ = strconv.Atoi(get(KeyGraceDays))
	c.PlanNotice, _ = strconv.Atoi(get(KeyPlanNotice))
	return c, nil
}

// keyringService names Cartera's entries in the OS keyring.
const keyringService = "Cartera SMTP"

// keyringUser is the keyring account of a company's SMTP password.
func keyringUser(ctx context.Context, s *sqlite.Store) string {
	c, _ := LoadConfig(ctx, s)
	return c.User + "@" + c.Host
}

// Where the SMTP password comes from (PasswordSource).
const (
	PasswordFromEnv     = "env"     // CARTERA_SMTP_PASSWORD
	PasswordFromSession = "session" // typed in this run, kept in memory only
	PasswordFromKeyring = "keyring" // the OS keyring
)

// sessionPasswords are passwords kept in memory until the app closes, on a
// computer with no keyring (KeepForSession), by keyring account.
var sessionPasswords sync.Map

// ErrNoKeyring is the code of the error Set gives for the password when
// the computer has no keyring to keep it in.
const ErrNoKeyring = "no_keyring"

// Password is the SMTP password: CARTERA_SMTP_PASSWORD when set (headless
// runs), else one kept for this session, else the OS keyring's.
func Password(ctx context.Context, s *sqlite.Store) (string, error) {
	p, _, err := password(ctx, s)
	return p, err
}

// PasswordSource says where the password comes from, "" when none is set.
func PasswordSource(ctx context.Context, s *sqlite.Store) string {
	_, from, _ := password(ctx, s)
	return from
}

// KeepForSession keeps the password in memory until the app closes, for a
// computer whose keyring cannot store it.
func KeepForSession(ctx context.Context, s *sqlite.Store, p string) {
	sessionPasswords.Store(keyringUser(ctx, s), p)
}

func password(ctx context.Context, s *sqlite.Store) (string, string, error) {
	if p := os.Getenv("CARTERA_SMTP_PASSWORD"); p != "" {
		return p, PasswordFromEnv, nil
	}
	if p, ok := sessionPasswords.Load(keyringUser(ctx, s)); ok {
		return p.(string), PasswordFromSession, nil
	}
	p, err := keyring.Get(keyringService, keyringUser(ctx, s))
	if err != nil {
		return "", "", data.Errorf(data.ENOTFOUND, "No SMTP password is stored: set it in Settings or with cartera config set smtp.password, or give CARTERA_SMTP_PASSWORD.")
	}
	return p, PasswordFromKeyring, nil
}

func setPassword(ctx context.Context, s *sqlite.Store, p string) error {
	user := keyringUser(ctx, s)
	var err error
	if p == "" {
		err = keyring.Delete(keyringService, user)
	} else {
		err = keyring.Set(keyringService, user, p)
	}
	if err != nil && p != "" {
		// Most often a Linux desktop with no Secret Service (or no D-Bus):
		// the keyring's own words ("exec: dbus-launch…") go to the log only.
		log.Printf("keyring: %v", err)
		e := data.Errorf(ErrNoKeyring, "This computer has no system keyring to keep the mail password safe (on Linux, GNOME Keyring or KWallet provide one). Give it in the CARTERA_SMTP_PASSWORD environment variable instead.")
		e.Err = err
		return e
	}
	if p == "" {
		sessionPasswords.Delete(user)
	}
	return nil
}

// KeyPrivateDocs says whether documents and exports are written readable
// by their owner only (on, 0600: they hold clients' financial data) or
// with the folder's usual permissions (off, 0644).
const KeyPrivateDocs = "documents.private"

// SharedDocs reports whether the company chose the folder's usual
// permissions for its documents.
func SharedDocs(ctx context.Context, s *sqlite.Store) bool {
	v, err := Get(ctx, s, KeyPrivateDocs)
	return err == nil && v == "off"
}
