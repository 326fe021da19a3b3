package reports

import (
	"context"
	"math"
	"math/rand"
	"testing"

	"cartera/data"
)

// TestIBMEvaluate trains before 2013-07-01 and tests after it on the IBM
// ledger; the figures go in the closing note. The floor here only guards
// against regressions (2013-07-01: AUC 0.919, baseline 0.850, MAE 4.5 days).
func TestIBMEvaluate(t *testing.T) {
	s := ibmStore(t)
	ev, err := Evaluate(context.Background(), s.DB(), data.MustDate("2013-07-01"), data.MustDate("2014-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", ev)
	if ev.Train != 1846 || ev.Test != 536 || ev.AUC < 0.90 || ev.AUC <= ev.BaselineAUC || ev.MAEDays > 7 {
		t.Errorf("%+v", ev)
	}
}

// TestNoLeakage: an invoice's features do not change when what happened
// after its issue date changes.
func TestNoLeakage(t *testing.T) {
	s := newStore(t, "USD")
	history(t, s, "A", 12, func(i int) int { return 10 * (i % 3) })
	before, err := Samples(context.Background(), s.DB(), data.MustDate("2024-12-31"), data.MustDate("2023-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	// Pay the open invoices much later: history after 2023-06-01 changes.
	s2 := newStore(t, "USD")
	history(t, s2, "A", 12, func(i int) int {
		if i >= 5 {
			return 90
		}
		return 10 * (i % 3)
	})
	after, _ := Samples(context.Background(), s2.DB(), data.MustDate("2024-12-31"), data.MustDate("2023-01-01"))
	for i := range before {
		if before[i].Issue.After(data.MustDate("2023-06-01")) {
			continue
		}
		for j := range before[i].X {
			if before[i].X[j] != after[i].X[j] {
				t.Errorf("invoice issued %s: feature %s changed from %.3f to %.3f", before[i].Issue, FeatureNames[j], before[i].X[j], after[i].X[j])
			}
		}
	}
}

// TestModelsLearn: both classifiers find a planted rule; AUC is right on
// known cases.
func TestModelsLearn(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var xs [][]float64
	var ys []float64
	for i := 0; i < 2000; i++ {
		x := []float64{rng.Float64(), rng.Float64(), rng.NormFloat64()}
		y := 0.0
		if x[0]+0.5*x[1] > 0.8 {
			y = 1
		}
		xs, ys = append(xs, x), append(ys, y)
	}
	for _, m := range []Model{fitLogistic(xs[:1500], ys[:1500], 1), fitBoost(xs[:1500], ys[:1500], 100, 0.1)} {
		if auc := AUC(scores(m, xs[1500:]), ys[1500:]); auc < 0.95 {
			t.Errorf("%s: AUC %.3f", m.Name(), auc)
		}
	}
	if a := AUC([]float64{0.1, 0.4, 0.35, 0.8}, []float64{0, 0, 1, 1}); math.Abs(a-0.75) > 1e-9 {
		t.Errorf("AUC %.3f, want 0.75", a)
	}
	if a := AUC([]float64{0.1, 0.2}, []float64{1, 1}); a != 0.5 {
		t.Errorf("one class: %.3f", a)
	}
}

// BenchmarkTrain10k trains on 10,000 synthetic invoices (goal: < 1 s).
func BenchmarkTrain10k(b *testing.B) {
	rng := rand.New(rand.NewSource(2))
	var samples []Sample
	day := data.MustDate("2022-01-01")
	for i := 0; i < 10000; i++ {
		x := make([]float64, len(FeatureNames))
		for j := range x {
			x[j] = rng.NormFloat64()
		}
		issue := day.AddDays(i / 20)
		paid := issue.AddDays(30 + int(10*x[0]+5*x[1]))
		samples = append(samples, Sample{Issue: issue, Due: issue.AddDays(30), Paid: paid, X: x})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Train(samples, data.MustDate("2030-01-01"))
	}
}
