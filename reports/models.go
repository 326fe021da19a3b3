package reports

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/integrate"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// scaler standardises features to mean 0 and deviation 1.
type scaler struct{ mean, sd []float64 }

func newScaler(xs [][]float64) scaler {
	p := len(xs[0])
	s := scaler{make([]float64, p), make([]float64, p)}
	col := make([]float64, len(xs))
	for j := 0; j < p; j++ {
		for i, x := range xs {
			col[i] = x[j]
		}
		s.mean[j], s.sd[j] = stat.MeanStdDev(col, nil)
		if s.sd[j] == 0 || math.IsNaN(s.sd[j]) {
			s.sd[j] = 1
		}
	}
	return s
}

// row is x standardised, with a leading 1 for the intercept.
func (s scaler) row(x []float64) []float64 {
	out := make([]float64, len(x)+1)
	out[0] = 1
	for j, v := range x {
		out[j+1] = (v - s.mean[j]) / s.sd[j]
	}
	return out
}

// logistic is an L2-regularised logistic regression.
type logistic struct {
	sc scaler
	w  []float64
}

func (m *logistic) Name() string { return "logistic regression" }

func (m *logistic) Prob(x []float64) float64 { return sigmoid(dot(m.w, m.sc.row(x))) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// fitLogistic finds the weights by Newton's method (iteratively reweighted
// least squares), solving each step with gonum; lambda penalises the
// weights but not the intercept.
func fitLogistic(xs [][]float64, ys []float64, lambda float64) Model {
	m := &logistic{sc: newScaler(xs)}
	rows := make([][]float64, len(xs))
	for i, x := range xs {
		rows[i] = m.sc.row(x)
	}
	p := len(rows[0])
	m.w = make([]float64, p)
	for iter := 0; iter < 30; iter++ {
		h := mat.NewSymDense(p, nil)
		g := mat.NewVecDense(p, nil)
		for i, r := range rows {
			pi := sigmoid(dot(m.w, r))
			wi := math.Max(pi*(1-pi), 1e-9)
			for a := 0; a < p; a++ {
				g.SetVec(a, g.AtVec(a)+(ys[i]-pi)*r[a])
				for b := a; b < p; b++ {
					h.SetSym(a, b, h.At(a, b)+wi*r[a]*r[b])
				}
			}
		}
		for a := 1; a < p; a++ {
			h.SetSym(a, a, h.At(a, a)+lambda)
			g.SetVec(a, g.AtVec(a)-lambda*m.w[a])
		}
		var step mat.VecDense
		if err := step.SolveVec(h, g); err != nil {
			break
		}
		change := 0.0
		for a := 0; a < p; a++ {
			m.w[a] += step.AtVec(a)
			change = math.Max(change, math.Abs(step.AtVec(a)))
		}
		if change < 1e-6 {
			break
		}
	}
	return m
}

// linear is a ridge regression.
type linear struct {
	sc scaler
	w  []float64
}

func (m *linear) predict(x []float64) float64 { return dot(m.w, m.sc.row(x)) }

func fitLinear(xs [][]float64, ys []float64, lambda float64) *linear {
	if len(xs) == 0 {
		return nil
	}
	m := &linear{sc: newScaler(xs)}
	p := len(xs[0]) + 1
	a := mat.NewSymDense(p, nil)
	b := mat.NewVecDense(p, nil)
	for i, x := range xs {
		r := m.sc.row(x)
		for j := 0; j < p; j++ {
			b.SetVec(j, b.AtVec(j)+r[j]*ys[i])
			for k := j; k < p; k++ {
				a.SetSym(j, k, a.At(j, k)+r[j]*r[k])
			}
		}
	}
	for j := 1; j < p; j++ {
		a.SetSym(j, j, a.At(j, j)+lambda)
	}
	var w mat.VecDense
	if err := w.SolveVec(a, b); err != nil {
		m.w = make([]float64, p)
		m.w[0] = stat.Mean(ys, nil)
		return m
	}
	m.w = w.RawVector().Data
	return m
}

// boost is gradient boosting of depth-2 regression trees on the log-odds.
type boost struct {
	base  float64
	rate  float64
	trees []tree2
}

// tree2 splits on one feature, then each side on another: four leaves.
type tree2 struct {
	f        int
	t        float64
	children [2]stump
}

type stump struct {
	f      int
	t      float64
	values [2]float64
}

func (s stump) eval(x []float64) float64 {
	if x[s.f] <= s.t {
		return s.values[0]
	}
	return s.values[1]
}

func (t tree2) eval(x []float64) float64 {
	if x[t.f] <= t.t {
		return t.children[0].eval(x)
	}
	return t.children[1].eval(x)
}

func (m *boost) Name() string { return "boosted trees" }

func (m *boost) Prob(x []float64) float64 {
	z := m.base
	for _, t := range m.trees {
		z += m.rate * t.eval(x)
	}
	return sigmoid(z)
}

// thresholds are up to 16 quantile cut points per feature.
func thresholds(xs [][]float64) [][]float64 {
	p := len(xs[0])
	out := make([][]float64, p)
	col := make([]float64, len(xs))
	for j := 0; j < p; j++ {
		for i, x := range xs {
			col[i] = x[j]
		}
		sort.Float64s(col)
		seen := map[float64]bool{}
		for q := 1; q < 16; q++ {
			v := col[len(col)*q/16]
			if !seen[v] && v < col[len(col)-1] {
				seen[v] = true
				out[j] = append(out[j], v)
			}
		}
	}
	return out
}

func fitBoost(xs [][]float64, ys []float64, rounds int, rate float64) Model {
	pos := stat.Mean(ys, nil)
	pos = math.Min(math.Max(pos, 1e-3), 1-1e-3)
	m := &boost{base: math.Log(pos / (1 - pos)), rate: rate}
	cuts := thresholds(xs)
	bins := binned(xs, cuts)
	z := make([]float64, len(xs))
	for i := range z {
		z[i] = m.base
	}
	grad, hess := make([]float64, len(xs)), make([]float64, len(xs))
	all := make([]int, len(xs))
	for i := range all {
		all[i] = i
	}
	for r := 0; r < rounds; r++ {
		for i := range xs {
			p := sigmoid(z[i])
			grad[i], hess[i] = ys[i]-p, math.Max(p*(1-p), 1e-6)
		}
		f, t, left, right, ok := bestSplit(xs, bins, cuts, grad, hess, all)
		if !ok {
			break
		}
		tr := tree2{f: f, t: t}
		for side, idx := range [2][]int{left, right} {
			tr.children[side] = leafSplit(xs, bins, cuts, grad, hess, idx)
		}
		for i, x := range xs {
			z[i] += rate * tr.eval(x)
		}
		m.trees = append(m.trees, tr)
	}
	return m
}

// binned gives, per row and feature, the first cut at or above the value
// (len(cuts[j]) when above them all): computed once, it makes each split
// search a pass of additions.
func binned(xs [][]float64, cuts [][]float64) [][]uint8 {
	out := make([][]uint8, len(xs))
	for i, x := range xs {
		out[i] = make([]uint8, len(x))
		for j, v := range x {
			out[i][j] = uint8(sort.SearchFloat64s(cuts[j], v))
		}
	}
	return out
}

// bestSplit finds the split of rows idx with the largest gain (Newton step).
func bestSplit(xs [][]float64, bins [][]uint8, cuts [][]float64, grad, hess []float64, idx []int) (f int, t float64, left, right []int, ok bool) {
	var G, H float64
	for _, i := range idx {
		G += grad[i]
		H += hess[i]
	}
	best := 0.0
	for j := range cuts {
		gl, hl := make([]float64, len(cuts[j])), make([]float64, len(cuts[j]))
		for _, i := range idx {
			k := int(bins[i][j]) // first cut >= x: x goes left of it
			if k < len(cuts[j]) {
				gl[k] += grad[i]
				hl[k] += hess[i]
			}
		}
		var cg, ch float64
		for k := range cuts[j] {
			cg += gl[k]
			ch += hl[k]
			if ch < 1 || H-ch < 1 {
				continue
			}
			gain := cg*cg/ch + (G-cg)*(G-cg)/(H-ch) - G*G/H
			if gain > best {
				best, f, t, ok = gain, j, cuts[j][k], true
			}
		}
	}
	if !ok {
		return
	}
	for _, i := range idx {
		if xs[i][f] <= t {
			left = append(left, i)
		} else {
			right = append(right, i)
		}
	}
	return
}

// leafSplit splits rows idx once more and sets each leaf to its Newton step.
func leafSplit(xs [][]float64, bins [][]uint8, cuts [][]float64, grad, hess []float64, idx []int) stump {
	value := func(ids []int) float64 {
		var g, h float64
		for _, i := range ids {
			g += grad[i]
			h += hess[i]
		}
		return g / (h + 1)
	}
	f, t, left, right, ok := bestSplit(xs, bins, cuts, grad, hess, idx)
	if !ok {
		v := value(idx)
		return stump{f: 0, t: math.Inf(1), values: [2]float64{v, v}}
	}
	return stump{f: f, t: t, values: [2]float64{value(left), value(right)}}
}

// AUC is the area under the ROC curve of scores for labels (1 = late),
// by gonum's ROC and trapezoidal integration; 0.5 when one class is missing.
func AUC(scores, labels []float64) float64 {
	type pair struct{ s, y float64 }
	ps := make([]pair, len(scores))
	pos := 0
	for i := range scores {
		ps[i] = pair{scores[i], labels[i]}
		if labels[i] == 1 {
			pos++
		}
	}
	if pos == 0 || pos == len(ps) {
		return 0.5
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].s < ps[j].s })
	y := make([]float64, len(ps))
	classes := make([]bool, len(ps))
	for i, p := range ps {
		y[i], classes[i] = p.s, p.y == 1
	}
	tpr, fpr, _ := stat.ROC(nil, y, classes, nil)
	return integrate.Trapezoidal(fpr, tpr)
}
