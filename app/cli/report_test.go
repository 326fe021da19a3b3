package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyticsCommands runs report, clients, worklist, forecast,
// scenarios and evaluate on the IBM ledger.
func TestAnalyticsCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ibm.cartera")
	en := map[string]string{"LANG": "C"}
	es := map[string]string{"LANG": "es_ES.UTF-8"}
	run(t, en, "--db", db, "init", "--currency", "USD", "--locale", "en-US")
	if r := run(t, en, "--db", db, "import", ledgers+"ibm.csv"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := run(t, en, "--db", db, "report", "--as-of", "2013-06-30", "--format", "json")
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	for _, k := range []string{"as_of", "period_days", "currency", "open_invoices", "total_ar", "current_ar", "aging", "credit_sales",
		"beginning_ar", "dso", "countback_dso", "bpdso", "add", "cei", "pct_current", "pct_over_90", "avg_days_to_pay",
		"weighted_days_to_pay", "avg_days_late", "overdue_clients", "clients_managed", "pct_clients_managed"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("report JSON lacks %q", k)
		}
	}
	if rep["total_ar"].(float64) != 5119.85 || rep["open_invoices"].(float64) != 84 || !strings.Contains(r.stdout, `"total_ar": 5119.85,`) {
		t.Errorf("total %v, open %v", rep["total_ar"], rep["open_invoices"])
	}
	out := filepath.Join(dir, "r.json")
	if r := run(t, en, "--db", db, "report", "--as-of", "2013-06-30", "--buckets", "15,45", "--trend", "3", "--format", "json", "--out", out); r.code != 0 {
		t.Fatal(r.stderr)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), `"bucket": "16-45"`) || strings.Count(string(b), `"dso"`) != 4 {
		t.Errorf("buckets or trend missing: %s", b)
	}
	runCases(t, nil, []cliCase{
		{"report text in Spanish", es, []string{"--db", db, "report", "--as-of", "2013-06-30"}, 0, "Total por cobrar", ""},
		{"bad as-of", en, []string{"--db", db, "report", "--as-of", "30/06/2013"}, 2, "", "is not a date"},
		{"bad buckets", en, []string{"--db", db, "report", "--buckets", "60,30"}, 2, "", "increasing"},
		{"clients", en, []string{"--db", db, "clients", "--as-of", "2013-06-30"}, 0, "0783-PEPYR", ""},
		{"worklist", es, []string{"--db", db, "worklist", "--as-of", "2013-06-30"}, 0, "días de retraso", ""},
		{"forecast", en, []string{"--db", db, "forecast", "--as-of", "2013-06-30", "--weeks", "4"}, 0, "Expected collections", ""},
		{"scenarios", en, []string{"--db", db, "scenarios", "--as-of", "2013-06-30", "--segment", "class=late"}, 0, "If class=late paid 10 days sooner", ""},
		{"scenarios bad segment", en, []string{"--db", db, "scenarios", "--segment", "late"}, 2, "", "KEY=VALUE"},
		{"evaluate needs a cutoff", en, []string{"--db", db, "evaluate"}, 2, "", "needs --cutoff"},
		{"evaluate", en, []string{"--db", db, "evaluate", "--cutoff", "2013-07-01"}, 0, "AUC", ""},
	})
	r = run(t, en, "--db", db, "evaluate", "--cutoff", "2013-07-01", "--format", "json")
	var ev map[string]any
	json.Unmarshal([]byte(r.stdout), &ev)
	for _, k := range []string{"train", "test", "auc", "accuracy", "f1", "baseline_auc", "mae_days"} {
		if _, ok := ev[k]; !ok {
			t.Errorf("evaluate JSON lacks %q: %s", k, r.stdout)
		}
	}
	if ev["auc"].(float64) < 0.9 {
		t.Errorf("AUC %v", ev["auc"])
	}
}
