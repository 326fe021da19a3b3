// Package cli is Cartera's command line: `cartera [--db FILE] <command>`.
// With no command it hands over to the GUI.
package cli

import (
	"cartera/app/paths"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"cartera/app/i18n"
	"cartera/data"
)

// Exit statuses.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitInterrupted = 130 // Ctrl-C, as shells report it: the command stopped, nothing half-written
)

// Env is what the CLI needs from the outside world; main fills it in and
// tests fake it.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Clock          data.Clock
	Version        string
	// GUI opens the desktop app.
	GUI func(GUIOptions) error
}

// GUIOptions say what the desktop app opens with.
type GUIOptions struct {
	DB   string // company file to open; "" = the last one, or the welcome screen
	Demo bool   // open the demo company, creating it in the data folder if missing
	Lang string // "en" or "es"; "" = the system's
}

// globals are the flags that come before the command.
type globals struct {
	db   string
	demo bool
	lang string
}

type command struct {
	name    string
	summary string // English; translated when shown
	run     func(ctx context.Context, c *runner, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"init", i18n.N("Create an empty company file."), runInit},
		{"demo", i18n.N("Create the demo company file."), runDemo},
		{"import", i18n.N("Import invoices, payments or clients from an .xlsx or .csv file."), runImport},
		{"report", i18n.N("Show aging, DSO and the other receivable figures as of a day."), runReport},
		{"clients", i18n.N("Show each client's payment behaviour, class and risk."), runClients},
		{"worklist", i18n.N("List today's clients to chase, with the next action and a call script."), runWorklist},
		{"forecast", i18n.N("Show the expected collections per week."), runForecast},
		{"scenarios", i18n.N("Show how the DSO would change if clients paid sooner."), runScenarios},
		{"evaluate", i18n.N("Test the late-payment model: train before a cutoff, test after it."), runEvaluate},
		{"statements", i18n.N("Write statements of account as PDFs: one client's, or every client owing something."), runStatements},
		{"letter", i18n.N("Write a reminder letter (level 1 to 3) to a client as a PDF."), runLetter},
		{"remind", i18n.N("Send today's reminder emails (--dry-run shows them without sending)."), runRemind},
		{"config", i18n.N("Read or change settings: the mail server, the reminder schedule."), runConfig},
		{"bank", i18n.N("Read bank statements and match their credits to open invoices."), runBank},
		{"plan", i18n.N("Agree a payment plan with a client, list plans, write the agreement as a PDF."), runPlan},
		{"payment", i18n.N("Record a payment by hand, applied to invoices or held on account; or reverse one."), runPayment},
		{"credit-note", i18n.N("Record a credit note, applied to the invoice it corrects or held on account; or reverse one."), runCreditNote},
		{"apply", i18n.N("Apply money on account (a payment's or a credit note's) to invoices."), runApply},
		{"refund", i18n.N("Pay money on account back to a client."), runRefund},
		{"invoice", i18n.N("Void an invoice entered by mistake."), runInvoice},
		{"levels", i18n.N("List or change the reminder levels."), runLevels},
		{"client", i18n.N("Pause a client's reminders until a day, or resume them."), runClient},
		{"audit", i18n.N("List who changed what by hand, when and why."), runAudit},
		{"backup", i18n.N("Write a consistent copy of the company file."), runBackup},
		{"undo-import", i18n.N("Undo the last import, while nothing else has changed."), runUndoImport},
		{"restore", i18n.N("Replace the company file with a backup, keeping a copy of it."), runRestore},
		{"export", i18n.N("Export aging, clients, invoices, payments or the report as an .xlsx workbook (aging also as a PDF)."), runExport},
		{"version", i18n.N("Show the version."), runVersion},
		{"help", i18n.N("Show this help."), runHelp},
	}
}

// runner carries one invocation's state.
type runner struct {
	env    Env
	g      globals
	lang   string
	force  bool // --force: an output may replace an existing file
	shared bool // the company chose the folder's usual permissions for documents
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func (r *runner) usage(key string, args ...any) error {
	return usageError{i18n.T(r.lang, key, args...)}
}

// Run runs the command line and returns the exit status.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Clock == nil {
		env.Clock = data.SystemClock{}
	}
	r := &runner{env: env, lang: i18n.SystemLang(env.Getenv)}
	fs := flag.NewFlagSet("cartera", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&r.g.db, "db", "", "company file")
	fs.BoolVar(&r.g.demo, "demo", false, "open the demo company")
	fs.StringVar(&r.g.lang, "lang", "", "language: en or es")
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")
	if err := fs.Parse(args); err != nil {
		return r.fail(usageError{i18n.T(r.lang, "%v. Run 'cartera help' to see the commands.", err)})
	}
	if r.g.lang != "" {
		r.lang = normLang(r.g.lang)
	}
	rest := fs.Args()
	if *help {
		rest = []string{"help"}
	}
	if len(rest) == 0 {
		if env.GUI == nil {
			return r.fail(errors.New("this build has no graphical interface"))
		}
		lang := ""
		if r.g.lang != "" {
			lang = r.lang
		}
		return r.fail(env.GUI(GUIOptions{DB: r.g.db, Demo: r.g.demo, Lang: lang}))
	}
	for _, c := range commands {
		if c.name == rest[0] {
			err := c.run(ctx, r, rest[1:])
			if err != nil && ctx.Err() != nil { // interrupted: say what it left, exit 130
				msg := i18n.T(r.lang, "Cancelled.")
				if !errors.Is(err, context.Canceled) {
					msg = i18n.Error(r.lang, err)
				}
				fmt.Fprintln(r.env.Stderr, "cartera: "+msg)
				return ExitInterrupted
			}
			return r.fail(err)
		}
	}
	return r.fail(r.usage("Unknown command %q. Run 'cartera help' to see the commands.", rest[0]))
}

func normLang(l string) string {
	if strings.HasPrefix(strings.ToLower(l), "es") {
		return "es"
	}
	return "en"
}

// fail prints err as one sentence on stderr and gives the exit status.
func (r *runner) fail(err error) int {
	if err == nil {
		return ExitOK
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintln(r.env.Stderr, "cartera: "+u.msg)
		return ExitUsage
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(r.env.Stderr, "cartera: "+i18n.T(r.lang, "Cancelled."))
		return ExitError
	}
	fmt.Fprintln(r.env.Stderr, "cartera: "+i18n.Error(r.lang, err))
	return ExitError
}

// flags makes a command's flag set, whose errors are usage errors.
func (r *runner) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func (r *runner) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return r.usage("%s: %v. Run 'cartera help' to see the commands.", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return r.usage("%s: unexpected argument %q. Run 'cartera help' to see the commands.", fs.Name(), fs.Arg(0))
	}
	return nil
}

func (r *runner) printf(key string, args ...any) {
	fmt.Fprintln(r.env.Stdout, i18n.T(r.lang, key, args...))
}

func runHelp(_ context.Context, r *runner, args []string) error {
	w := r.env.Stdout
	fmt.Fprintln(w, i18n.T(r.lang, "Cartera keeps track of who owes you, and helps you get paid."))
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T(r.lang, "Usage: cartera [--db FILE] [--lang en|es] <command> [flags]"))
	fmt.Fprintln(w, i18n.T(r.lang, "With no command, the desktop app opens (on FILE if given; --demo opens the demo company)."))
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T(r.lang, "Commands:"))
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, i18n.T(r.lang, c.summary))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "  cartera --db FILE init [--name NAME] [--currency EUR] [--locale es-ES] [--terms 30]")
	fmt.Fprintln(w, "  cartera demo [--out FILE] [--today YYYY-MM-DD] [--seed N] [--clients N] [--invoices N]")
	fmt.Fprintln(w, "  cartera --db FILE import PATH [--sheet NAME] [--kind invoices|payments|clients] [--mapping NAME]")
	fmt.Fprintln(w, "         [--date-order dmy|mdy|ymd] [--dry-run] [--skip-bad-rows] [--again] [--format text|json]")
	fmt.Fprintln(w, "  cartera --db FILE report [--as-of YYYY-MM-DD] [--period-days 90] [--buckets 30,60,90] [--by-invoice-date] [--trend 24]")
	fmt.Fprintln(w, "         [--format text|json] [--out FILE [--force]]")
	fmt.Fprintln(w, "  cartera --db FILE clients|worklist [--as-of YYYY-MM-DD] [--format text|json] [--out FILE [--force]]")
	fmt.Fprintln(w, "  cartera --db FILE forecast [--as-of YYYY-MM-DD] [--weeks 12] [--format text|json]")
	fmt.Fprintln(w, "  cartera --db FILE scenarios [--as-of YYYY-MM-DD] [--segment class=late] [--days 10] [--format text|json]")
	fmt.Fprintln(w, "  cartera --db FILE evaluate --cutoff YYYY-MM-DD [--as-of YYYY-MM-DD] [--format text|json]")
	fmt.Fprintln(w, "  cartera --db FILE statements [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--client CODE] (--out DIR | --combined FILE.pdf) [--force]")
	fmt.Fprintln(w, "  cartera --db FILE letter --client CODE [--level 1|2|3] [--as-of YYYY-MM-DD] --out FILE.pdf [--force]")
	fmt.Fprintln(w, "  cartera --db FILE remind [--dry-run] [--as-of YYYY-MM-DD] [--client CODE] | remind confirm ID sent|unsent")
	fmt.Fprintln(w, "  cartera --db FILE config list | get KEY | set KEY [VALUE]")
	fmt.Fprintln(w, "  cartera --db FILE bank import STATEMENT.xml|.ofx|.csv [--bank NAME] [--map HEADER=FIELD,…] [--dry-run] | bank match [--auto-confirm high] [--format json]")
	fmt.Fprintln(w, "         | bank assign ID --client CODE | bank dismiss ID | bank undo ID")
	fmt.Fprintln(w, "  cartera --db FILE plan create --client CODE --instalments N --first YYYY-MM-DD [--every monthly|fortnightly|weekly]")
	fmt.Fprintln(w, "         [--invoices NUMBER,…] [--agreement FILE.pdf] | plan list [--client CODE] [--format json]")
	fmt.Fprintln(w, "         | plan agreement ID --out FILE.pdf | plan cancel ID")
	fmt.Fprintln(w, "  cartera --db FILE payment add --client CODE --amount X [--date YYYY-MM-DD] [--ref R] [--method M]")
	fmt.Fprintln(w, "         [--apply INV=AMT,…|--apply oldest|--on-account] | payment reverse REF|#ID --reason TEXT")
	fmt.Fprintln(w, "  cartera --db FILE credit-note add --client CODE --number N --amount X [--date YYYY-MM-DD] [--invoice INV]")
	fmt.Fprintln(w, "         [--reason TEXT] [--apply INV=AMT,…|--apply oldest|--on-account] | credit-note reverse NUMBER --reason TEXT")
	fmt.Fprintln(w, "  cartera --db FILE apply --payment REF|#ID|--credit-note NUMBER --to INV=AMT,…")
	fmt.Fprintln(w, "  cartera --db FILE refund --client CODE --amount X [--date YYYY-MM-DD] [--ref R] [--method M]")
	fmt.Fprintln(w, "  cartera --db FILE invoice void NUMBER --reason TEXT | audit [--client CODE] [--format text|json]")
	fmt.Fprintln(w, "  cartera --db FILE levels list | set --offsets -3,1,7,15,30 | add --offset N [--channel email|call|whatsapp|letter] | remove ID")
	fmt.Fprintln(w, "  cartera --db FILE client pause CODE --until YYYY-MM-DD (--until \"\" resumes)")
	fmt.Fprintln(w, "  cartera --db FILE backup [--out PATH] | restore --from PATH [--yes] | undo-import [--yes]")
	fmt.Fprintln(w, "  cartera --db FILE export aging|clients|invoices|payments|report [--as-of YYYY-MM-DD] --out FILE.xlsx (aging: or FILE.pdf) [--force]")
	return nil
}

func runVersion(_ context.Context, r *runner, args []string) error {
	if err := r.parse(r.flags("version"), args); err != nil {
		return err
	}
	fmt.Fprintln(r.env.Stdout, "cartera "+r.env.Version)
	return nil
}

// forceFlag adds --force to a command that writes a file.
func (r *runner) forceFlag(fs *flag.FlagSet) { fs.BoolVar(&r.force, "force", false, "") }

// output is how the command's documents are written: never over the
// company file, over an existing file only with --force.
func (r *runner) output() paths.Output {
	return paths.Output{Force: r.force, Protect: []string{r.g.db}, Shared: r.shared}
}

// writeOut writes a finished document to path.
func (r *runner) writeOut(path string, b []byte) error { return paths.WriteFile(path, b, r.output()) }
