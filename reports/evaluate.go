package reports

import (
	"context"
	"math"

	"cartera/data"
)

// Evaluation is how well the late-payment model trained before a cutoff
// predicts the invoices issued from the cutoff on.
type Evaluation struct {
	Cutoff        data.Date
	Model         string
	Train, Test   int
	ValidationAUC float64 // of the chosen model, on the last fifth of the training set
	AUC           float64
	Accuracy      float64 // at probability 0.5
	F1            float64
	BaselineAUC   float64 // scoring by the client's past late rate alone
	MAEDays       float64 // mean absolute error of the expected payment date, paid test invoices
	LateShare     float64 // share of late invoices in the test set
}

// Evaluate trains on the invoices paid before cutoff and tests on those
// issued on or after it whose outcome is known at asOf.
func Evaluate(ctx context.Context, db querier, cutoff, asOf data.Date) (Evaluation, error) {
	samples, err := Samples(ctx, db, asOf, cutoff)
	if err != nil {
		return Evaluation{}, err
	}
	var train, test []Sample
	for _, s := range samples {
		switch _, known := s.Late(asOf); {
		case !s.Paid.IsZero() && s.Paid.Before(cutoff):
			train = append(train, s)
		case !s.Issue.Before(cutoff) && known:
			test = append(test, s)
		}
	}
	ev := Evaluation{Cutoff: cutoff, Train: len(train), Test: len(test)}
	if len(train) < 20 || len(test) == 0 {
		return ev, data.Errorf(data.EINVALID, "Too few invoices to evaluate: %d paid before the cutoff and %d issued after it.", len(train), len(test))
	}
	p := Train(train, cutoff)
	ev.Model, ev.ValidationAUC = p.Class.Name(), p.Validate
	var probs, base, labels []float64
	var tp, fp, fn, correct, lates, absErr, paid float64
	for _, s := range test {
		late, _ := s.Late(asOf)
		y := b2f(late)
		pr := p.Class.Prob(s.X)
		probs, labels = append(probs, pr), append(labels, y)
		b := s.PastLateRate
		if b < 0 {
			b = s.X[0] // no history: the smoothed prior
		}
		base = append(base, b)
		guess := pr >= 0.5
		switch {
		case guess && late:
			tp++
		case guess && !late:
			fp++
		case !guess && late:
			fn++
		}
		if guess == late {
			correct++
		}
		lates += y
		if !s.Paid.IsZero() {
			expected := s.Due.AddDays(int(math.Round(p.Delay(s))))
			absErr += math.Abs(float64(s.Paid.DaysSince(expected)))
			paid++
		}
	}
	n := float64(len(test))
	ev.AUC, ev.BaselineAUC = AUC(probs, labels), AUC(base, labels)
	ev.Accuracy, ev.LateShare = correct/n, lates/n
	if tp > 0 {
		ev.F1 = 2 * tp / (2*tp + fp + fn)
	}
	if paid > 0 {
		ev.MAEDays = absErr / paid
	}
	return ev, nil
}
