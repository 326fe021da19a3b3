package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"cartera/app/ledger"
	"cartera/app/remind"
	"cartera/data"
)

func (r *runner) levelsUsage() error {
	return r.usage("Use: cartera --db FILE levels list | levels set --offsets -3,1,7,15,30 | levels add --offset N [--channel email|call|whatsapp|letter] | levels remove ID.")
}

// runLevels lists or changes the reminder levels.
func runLevels(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("levels")
	offsets := fs.String("offsets", "", "")
	offset := fs.String("offset", "", "")
	channel := fs.String("channel", "", "")
	rest, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return r.levelsUsage()
	}
	s, _, err := r.openCompany(ctx, "levels")
	if err != nil {
		return err
	}
	defer s.Close()
	who := ledger.User()
	switch {
	case rest[0] == "list" && len(rest) == 1:
		ls, err := s.Levels(ctx) // reads never write: the defaults are shown, not saved
		if err != nil {
			return err
		}
		if len(ls) == 0 {
			r.printf("No levels are saved yet; reminders will use these defaults:")
			ls = remind.DefaultLevels()
		}
		for _, l := range ls {
			subject, _ := l.Text(r.lang)
			id := "-"
			if l.ID != 0 {
				id = strconv.FormatInt(l.ID, 10)
			}
			fmt.Fprintf(r.env.Stdout, "  %3s %+5d  %-9s %-10s %s\n", id, l.OffsetDays, l.Channel, l.Attach, subject)
		}
		return nil
	case rest[0] == "set" && len(rest) == 1 && *offsets != "":
		var days []int
		for _, f := range strings.Split(*offsets, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return r.usage("--offsets %q is not a list of days such as -3,1,7,15,30.", *offsets)
			}
			days = append(days, n)
		}
		ls, err := remind.SetOffsets(ctx, s, days, who)
		if err != nil {
			return err
		}
		r.printf("%d reminder levels are set.", len(ls))
		return nil
	case rest[0] == "add" && len(rest) == 1 && *offset != "":
		n, err := strconv.Atoi(*offset)
		if err != nil {
			return r.usage("--offset %q is not a number of days.", *offset)
		}
		ch := data.Channel(*channel)
		if ch != "" && !data.ValidChannel(ch) {
			return r.usage("--channel %q is not email, call, whatsapp, letter or visit.", *channel)
		}
		l, err := remind.AddLevel(ctx, s, n, ch, who)
		if err != nil {
			return err
		}
		r.printf("Reminder level #%d added, %d days from the due date.", l.ID, l.OffsetDays)
		return nil
	case rest[0] == "remove" && len(rest) == 2:
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil {
			return r.levelsUsage()
		}
		if err := remind.RemoveLevel(ctx, s, id, who); err != nil {
			return err
		}
		r.printf("Reminder level #%d removed.", id)
		return nil
	}
	return r.levelsUsage()
}

// runClient pauses a client's reminders until a day, or resumes them.
func runClient(ctx context.Context, r *runner, args []string) error {
	fs := r.flags("client")
	until := fs.String("until", "\x00", "")
	rest, err := r.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || rest[0] != "pause" || *until == "\x00" {
		return r.usage("Use: cartera --db FILE client pause CODE --until YYYY-MM-DD (--until \"\" resumes its reminders).")
	}
	day, err := r.dateFlag("--until", *until)
	if err != nil {
		return err
	}
	s, c, err := r.openCompany(ctx, "client")
	if err != nil {
		return err
	}
	defer s.Close()
	cl, err := remind.Pause(ctx, s, rest[1], day, ledger.User())
	if err != nil {
		return err
	}
	if day.IsZero() {
		r.printf("Reminders to %s are resumed.", cl.Name)
	} else {
		r.printf("Reminders to %s are paused until %s.", cl.Name, data.LocaleFor(c.Locale).Date(day))
	}
	return nil
}
