package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"cartera/app/i18n"
	"cartera/app/remind"
	"cartera/data"
	"cartera/data/sqlite"
)

// runRemind sends today's reminders (or shows them with --dry-run), or
// settles a message a crash left sending: remind confirm ID sent|unsent.
func runRemind(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("remind")
	asOf := fs.String("as-of", "", "")
	dry := fs.Bool("dry-run", false, "")
	client := fs.String("client", "", "")
	rest, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	day, err := r.day(*asOf)
	if err != nil {
		return err
	}
	s, c, err := r.openCompany(ctx, "remind")
	if err != nil {
		return err
	}
	defer s.Close()
	if len(rest) > 0 {
		return r.confirm(ctx, s, rest)
	}
	p, err := remind.MakePlan(ctx, s, c, day)
	if err != nil {
		return err
	}
	only := map[int64]bool(nil)
	if *client != "" {
		cl, err := s.ClientByCode(ctx, *client)
		if err != nil {
			return data.Errorf(data.ENOTFOUND, "There is no client with the code %q.", *client)
		}
		only = map[int64]bool{cl.ID: true}
	}
	r.printOutbox(p, only, *dry)
	if *dry || len(p.Messages)+len(p.Thanks) == 0 {
		return nil
	}
	cfg, err := remind.LoadConfig(ctx, s)
	if err != nil {
		return err
	}
	if cfg.Host == "" {
		return r.usage("Set the mail server first: cartera --db FILE config set smtp.host HOST (and smtp.from, smtp.user…).")
	}
	pass := ""
	if cfg.User != "" {
		if pass, err = remind.Password(ctx, s); err != nil {
			return err
		}
	}
	res, err := remind.Run(ctx, s, c, remind.NewSMTP(cfg, pass), p, remind.Options{Only: only, Now: r.env.Clock.Now})
	r.printf("Sent %d, refused %d, failed %d.", res.Sent, res.Refused, res.Failed)
	if res.Unknown > 0 {
		r.printf(i18n.Plural(res.Unknown,
			"%d message may have arrived or not: the connection was lost after it was handed over. It is never sent again by itself; check, then run cartera remind confirm ID sent|unsent.",
			"%d messages may have arrived or not: the connection was lost after they were handed over. They are never sent again by themselves; check, then run cartera remind confirm ID sent|unsent."), res.Unknown)
	}
	if res.Thanked > 0 {
		r.printf("Thank-you emails: %d.", res.Thanked)
	}
	for _, m := range res.Sends {
		if m.Status != data.SendSent {
			fmt.Fprintf(r.env.Stdout, "  #%d %s %s\n", m.ID, i18n.T(r.lang, m.Status), m.Error)
		}
	}
	return err
}

// printOutbox shows what would go out: each message in full for a dry
// run, the tasks for people, and what needs the user.
func (r *runner) printOutbox(p remind.Plan, only map[int64]bool, full bool) {
	w := r.env.Stdout
	n := 0
	for _, m := range p.Messages {
		if only != nil && !only[m.Client.ID] {
			continue
		}
		n++
		if !full {
			continue
		}
		rend := remind.Render(m)
		fmt.Fprintf(w, "── %s (%s) · %s\n", m.Client.Name, m.Client.Code, m.What(r.lang))
		fmt.Fprintf(w, "To: %s\nSubject: %s\n", strings.Join(m.To, ", "), rend.Subject)
		if m.Plan != nil || m.Level.Attach != data.AttachNone {
			fmt.Fprintln(w, i18n.T(r.lang, "Attached: %s", i18n.T(r.lang, m.Attached())))
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, rend.Text)
		fmt.Fprintln(w)
	}
	r.printf(i18n.Plural(n, "%d reminder to send on %s.", "%d reminders to send on %s."), n, p.Day)
	if len(p.Thanks) > 0 {
		r.printf("And %d thank-you emails to clients who paid in full.", len(p.Thanks))
	}
	for _, t := range p.Tasks {
		fmt.Fprintf(w, "  %s — %s: %s\n", t.Client.Name, t.What(r.lang), i18n.T(r.lang, t.Reason))
	}
	for reason, k := range p.Skipped {
		fmt.Fprintf(w, "  %s: %d\n", i18n.T(r.lang, reason), k)
	}
	for _, m := range p.Unconfirmed {
		r.printf("Reminder #%d was being sent when Cartera stopped; check your sent mail, then: cartera remind confirm %d sent|unsent", m.ID, m.ID)
	}
	for _, m := range p.Failed {
		fmt.Fprintf(w, "  #%d %s: %s\n", m.ID, i18n.T(r.lang, "failed"), m.Error)
	}
}

func (r *runner) confirm(ctx context.Context, s *sqlite.Store, rest []string) error {
	if len(rest) != 3 || rest[0] != "confirm" || (rest[2] != "sent" && rest[2] != "unsent") {
		return r.usage("Use: cartera --db FILE remind confirm ID sent|unsent.")
	}
	id, err := strconv.ParseInt(rest[1], 10, 64)
	if err != nil {
		return r.usage("Use: cartera --db FILE remind confirm ID sent|unsent.")
	}
	if err := s.Update(ctx, func(tx *sqlite.Tx) error { return tx.ConfirmSend(id, rest[2] == "sent") }); err != nil {
		return err
	}
	r.printf("Reminder #%d marked %s.", id, i18n.T(r.lang, map[string]string{"sent": i18n.N("sent"), "unsent": i18n.N("not sent")}[rest[2]]))
	return nil
}

// runConfig reads and writes settings: config list | get KEY | set KEY [VALUE].
func runConfig(ctx context.Context, r *runner, args []string) error {
	if err := r.parse(r.flags("config"), nil); err != nil {
		return err
	}
	if len(args) == 0 || (args[0] != "list" && args[0] != "get" && args[0] != "set") ||
		(args[0] == "get" && len(args) != 2) || (args[0] == "set" && (len(args) < 2 || len(args) > 3)) {
		return r.usage("Use: cartera --db FILE config list | get KEY | set KEY [VALUE].")
	}
	s, err := r.openStore(ctx, "config")
	if err != nil {
		return err
	}
	defer s.Close()
	switch args[0] {
	case "list":
		for _, k := range remind.Keys() {
			v, err := remind.Get(ctx, s, k)
			if err != nil {
				return err
			}
			fmt.Fprintf(r.env.Stdout, "%s = %s\n", k, v)
		}
	case "get":
		v, err := remind.Get(ctx, s, args[1])
		if err != nil {
			return err
		}
		fmt.Fprintln(r.env.Stdout, v)
	case "set":
		v := ""
		if len(args) == 3 {
			v = args[2]
		}
		return remind.Set(ctx, s, args[1], v)
	}
	return nil
}
