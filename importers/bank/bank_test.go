package bank

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"cartera/data"
)

func TestReadCamt053(t *testing.T) {
	f, err := os.Open("testdata/camt053.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := ReadCamt053(f, "camt053.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("%d credits (the debit must be left out): %+v", len(cs), cs)
	}
	if cs[0].ID != "2025062700001" || cs[0].Amount != data.M(121000, "EUR") || cs[0].Date != data.MustDate("2025-06-27") ||
		cs[0].Reference != "PAGO FRA F-2025-0001" || cs[0].Name != "ÓPTICA NÚÑEZ SL" {
		t.Errorf("first credit %+v", cs[0])
	}
	if cs[1].ID[:2] != "h:" {
		t.Errorf("an entry without a bank reference gets a hash ID, not %q", cs[1].ID)
	}
	f.Seek(0, 0)
	again, _ := ReadCamt053(f, "camt053.xml")
	if again[1].ID != cs[1].ID {
		t.Error("the hash ID is not stable: a re-import would add it twice")
	}
	if _, err := ReadCamt053(strings.NewReader("<Document><oops"), "bad.xml"); err == nil {
		t.Error("a broken file was read")
	}
}

func TestReadOFX(t *testing.T) {
	f, err := os.Open("testdata/statement.ofx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := ReadOFX(f, "statement.ofx")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].ID != "OFX-0001" || cs[0].Amount != data.M(50000, "USD") || cs[0].Name != "BRIGHT PATH LTD" ||
		cs[0].Reference != "INV B-0042" || cs[0].Date != data.MustDate("2025-06-25") {
		t.Errorf("credits %+v", cs)
	}
}

func TestMatch(t *testing.T) {
	d := data.MustDate
	open := []Open{
		openItem(1, "F-2025-0001", 10, d("2025-05-30"), 121000),
		openItem(2, "F-2025-0002", 10, d("2025-06-15"), 30000),
		openItem(3, "0000611365", 20, d("2025-05-01"), 5594),
		openItem(4, "F-2025-0004", 30, d("2025-04-10"), 40000),
		openItem(5, "F-2025-0005", 30, d("2025-05-10"), 45050),
		openItem(6, "F-2025-0006", 30, d("2025-06-10"), 10000),
		openItem(7, "B-0042", 40, d("2025-06-01"), 80000),
	}
	payers := []Payer{{10, "Óptica Núñez S.L.", "B12345678"}, {20, "Ferretería Íñiguez", "B87654321"},
		{30, "Carpintería Garrido", "B11111111"}, {40, "Bright Path Ltd", "GB123456789"}, {50, "Óptica Norte", ""}}
	m := NewMatcher(open, payers)
	eur := func(n int64) data.Money { return data.M(n, "EUR") }
	for _, tc := range []struct {
		name       string
		c          Credit
		client     int64
		allocs     string
		confidence Confidence
		reason     string
	}{
		{"number and amount", Credit{Amount: eur(121000), Reference: "PAGO FRA F-2025-0001"}, 10, "1:121000", High, ReasonNumberAndAmount},
		{"number with spaces, digits only", Credit{Amount: eur(5594), Reference: "fact 611365"}, 20, "3:5594", High, ReasonNumberAndAmount},
		{"two numbers, their total", Credit{Amount: eur(151000), Reference: "F-2025-0001 y F-2025-0002"}, 10, "1:121000 2:30000", High, ReasonNumbersSum},
		{"number, part paid", Credit{Amount: eur(50000), Reference: "a cuenta F 2025 0001"}, 10, "1:50000", Medium, ReasonNumberPartial},
		{"payer by tax ID, exact invoice", Credit{Amount: eur(45050), Reference: "TRANSF NIF B11111111"}, 30, "5:45050", High, ReasonClientExact},
		{"payer by name, two invoices", Credit{Amount: eur(85050), Name: "CARPINTERIA GARRIDO"}, 30, "4:40000 5:45050", Medium, ReasonClientSum},
		{"payer by name, part", Credit{Amount: eur(50000), Name: "Carpinteria Garrido"}, 30, "4:40000 5:10000", Low, ReasonClientPartial},
		// Money received before an invoice existed cannot pay it.
		{"an invoice issued after the credit", Credit{Date: d("2025-05-01"), Amount: eur(30000), Reference: "F-2025-0002"}, 0, "", "", ""},
		{"payer by name, invoices issued by then", Credit{Date: d("2025-04-01"), Amount: eur(55000), Name: "Carpinteria Garrido"}, 30, "4:40000", Low, ReasonClientPartial},
		{"a name two clients share is not enough", Credit{Amount: eur(100), Name: "OPTICA"}, 0, "", "", ""},
		{"nothing known", Credit{Amount: eur(777), Reference: "TRANSFERENCIA"}, 0, "", "", ""},
	} {
		p := m.Match(tc.c)
		if tc.client == 0 {
			if p != nil {
				t.Errorf("%s: proposed %+v", tc.name, p)
			}
			continue
		}
		if p == nil {
			t.Errorf("%s: no proposal", tc.name)
			continue
		}
		got := ""
		for i, a := range p.Allocations {
			if i > 0 {
				got += " "
			}
			got += fmt.Sprintf("%d:%d", a.InvoiceID, a.Amount)
		}
		if p.ClientID != tc.client || got != tc.allocs || p.Confidence != tc.confidence || p.Reason != tc.reason {
			t.Errorf("%s: client %d, %s, %s, %q", tc.name, p.ClientID, got, p.Confidence, p.Reason)
		}
	}
}

// BenchmarkMatch10kCredits matches 10,000 credits against 100,000 open
// invoices of 10,000 clients (goal: under 2 s).
func BenchmarkMatch10kCredits(b *testing.B) {
	var open []Open
	var payers []Payer
	for c := range 10_000 {
		payers = append(payers, Payer{int64(c + 1), fmt.Sprintf("Cliente %d Comercial %c%c", c, 'a'+c%26, 'a'+c/26%26), fmt.Sprintf("B%08d", c)})
	}
	for i := range 100_000 {
		open = append(open, openItem(int64(i+1), fmt.Sprintf("F-2025-%06d", i), int64(i%10_000+1), data.NewDate(2025, 1, 1).AddDays(i%180), int64(1000+i%5000)))
	}
	var credits []Credit
	for i := range 10_000 {
		o := open[i*7%len(open)]
		switch i % 3 {
		case 0:
			credits = append(credits, Credit{Amount: data.M(o.Balance, "EUR"), Reference: "PAGO " + o.Number})
		case 1:
			credits = append(credits, Credit{Amount: data.M(o.Balance, "EUR"), Reference: "NIF " + payers[o.ClientID-1].TaxID})
		default:
			credits = append(credits, Credit{Amount: data.M(o.Balance+1, "EUR"), Name: payers[o.ClientID-1].Name})
		}
	}
	b.ResetTimer()
	for range b.N {
		m := NewMatcher(open, payers)
		matched := 0
		for _, c := range credits {
			if m.Match(c) != nil {
				matched++
			}
		}
		if matched < 9_000 {
			b.Fatalf("only %d of 10,000 matched", matched)
		}
	}
}

// openItem is an open invoice written short.
func openItem(id int64, number string, client int64, due data.Date, balance int64) Open {
	return Open{InvoiceID: id, Number: number, ClientID: client, Issue: due.AddDays(-30), Due: due, Balance: balance}
}
