package data

import "testing"

func TestLocaleMoneyFormat(t *testing.T) {
	tests := []struct {
		locale string
		m      Money
		want   string
	}{
		{"es-ES", M(123456, "EUR"), "1.234,56 €"},
		{"en-US", M(123456, "USD"), "$1,234.56"},
		{"en-US", M(123456, "EUR"), "€1,234.56"},
		{"es-ES", M(-123456, "EUR"), "-1.234,56 €"},
		{"en-US", M(-5, "USD"), "-$0.05"},
		{"es-ES", M(123456789012, "EUR"), "1.234.567.890,12 €"},
		{"es-ES", M(100, "USD"), "1,00 US$"},
		{"es-MX", M(123456, "MXN"), "$1,234.56"},
		{"es-CL", M(1234567, "CLP"), "$ 1.234.567"},
		{"en-GB", M(99, "GBP"), "£0.99"},
		{"en-US", M(123456, "CHF"), "CHF 1,234.56"},
		{"en-US", M(0, "JPY"), "¥0"},
		{"es-ES", M(0, "EUR"), "0,00 €"},
	}
	for _, tt := range tests {
		t.Run(tt.locale+" "+tt.want, func(t *testing.T) {
			if got := LocaleFor(tt.locale).Money(tt.m); got != tt.want {
				t.Errorf("Money(%v) = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}

func TestLocaleParseMoney(t *testing.T) {
	tests := []struct {
		locale, in, cur string
		want            int64
		wantErr         bool
	}{
		{"es-ES", "1.234,56", "EUR", 123456, false},
		{"es-ES", "1.234,56 €", "EUR", 123456, false},
		{"en-US", "$1,234.56", "USD", 123456, false},
		{"en-US", "1234.56", "USD", 123456, false},
		{"es-ES", "1234.56", "EUR", 123456, false}, // a lone point followed by 2 digits is decimal anywhere
		{"es-ES", "1234,5", "EUR", 123450, false},
		{"es-ES", "1.234", "EUR", 123400, false}, // Spanish thousands
		{"en-US", "1,234", "USD", 123400, false}, // English thousands
		{"en-US", "1.234", "USD", 0, true},       // three decimals for a two-decimal currency
		{"es-ES", "1,234", "EUR", 0, true},       // ditto in Spanish
		{"en-US", "1,234,567.8", "USD", 123456780, false},
		{"es-ES", "1.234.567", "EUR", 123456700, false},
		{"es-ES", "-1.234,56 €", "EUR", -123456, false},
		{"en-US", "(1,234.56)", "USD", -123456, false},
		{"en-US", "1234.56-", "USD", -123456, false},
		{"es-ES", "1 234,56", "EUR", 123456, false},
		{"en-US", "55.940", "USD", 5594, false}, // trailing zeros beyond the currency's digits are fine
		{"en-US", "0.5", "USD", 50, false},
		{"en-US", ".5", "USD", 50, false},
		{"es-CL", "1.234.567", "CLP", 1234567, false},
		{"es-CL", "1.234,5", "CLP", 0, true},
		{"en-US", "", "USD", 0, true},
		{"en-US", "abc", "USD", 0, true},
		{"en-US", "12#4", "USD", 0, true},
		{"en-US", "1,23,4.00", "USD", 0, true},
		{"en-US", "99999999999999999999", "USD", 0, true},
		{"en-US", "1.2.3,4", "USD", 0, true},
		// Letters inside a number are never dropped (issue 17): each of these
		// was once read as 12,50 / 10 / 13 / 10.
		{"es-ES", "12a,50", "EUR", 0, true},
		{"en-US", "1O0", "USD", 0, true},
		{"en-US", "1e3", "USD", 0, true},
		{"en-US", "0x10", "USD", 0, true},
		{"en-US", "1 2b", "USD", 0, true},
		{"es-ES", "EUR 1.234,56", "EUR", 123456, false},
		{"es-ES", "1.234,56 EUR", "EUR", 123456, false},
		{"es-ES", "1.234,56 euros", "EUR", 123456, false},
		{"es-ES", "€ -12,50", "EUR", -1250, false},
		{"en-US", "-$12.50", "USD", -1250, false},
		{"en-US", "$-12.50", "USD", -1250, false},
		{"en-US", "+12.50", "USD", 1250, false},
		{"en-US", "US$ 1,234.56", "USD", 123456, false},
		{"es-MX", "$1,234.56 MXN", "MXN", 123456, false},
		{"es-ES", "USD 12,50", "EUR", 0, true}, // another currency's amount
		{"en-US", "12.50 €", "USD", 0, true},
		{"es-ES", "$12,50", "EUR", 0, true},
		{"en-US", "--12", "USD", 0, true},
		{"en-US", "-12-", "USD", 0, true},
		{"en-US", "12 XYZW", "USD", 0, true},
		{"en-US", "9,999,999,999,999.99", "USD", 999999999999999, false}, // the largest amount kept
		{"en-US", "10,000,000,000,000.00", "USD", 0, true},
		{"en-US", "92233720368547758.07", "USD", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.locale+" "+tt.in, func(t *testing.T) {
			got, err := LocaleFor(tt.locale).ParseMoney(tt.in, tt.cur)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseMoney(%q) = %v, want an error", tt.in, got)
				}
				if ErrorCode(err) != EINVALID {
					t.Errorf("error code = %q, want invalid", ErrorCode(err))
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMoney(%q): %v", tt.in, err)
			}
			if got.Amount != tt.want || got.Currency != tt.cur {
				t.Errorf("ParseMoney(%q) = %v, want %d %s", tt.in, got, tt.want, tt.cur)
			}
		})
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	for _, tag := range []string{"es-ES", "en-US", "es-MX", "es-CO", "en-GB"} {
		l := LocaleFor(tag)
		for _, n := range []int64{0, 1, 99, 100, 123456, -987654321, 100000000000} {
			m := M(n, "EUR")
			back, err := l.ParseMoney(l.Money(m), "EUR")
			if err != nil || back != m {
				t.Errorf("%s: %v → %q → %v, %v", tag, m, l.Money(m), back, err)
			}
		}
	}
}

func TestLocaleFor(t *testing.T) {
	tests := map[string]string{
		"": "en-US", "C": "en-US", "POSIX": "en-US", "C.UTF-8": "en-US", "garbage!!": "en-US",
		"es": "es-ES", "es_ES.UTF-8": "es-ES", "es_MX.UTF-8": "es-MX", "en": "en-US",
		"en_GB": "en-GB", "es-419": "es-MX", "de_DE": "en-US", "es_AR": "es-AR", "pt_BR": "en-US",
	}
	for in, want := range tests {
		if got := LocaleFor(in).Tag; got != want {
			t.Errorf("LocaleFor(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCurrency(t *testing.T) {
	if d := CurrencyDigits("JPY"); d != 0 {
		t.Errorf("JPY digits = %d", d)
	}
	if d := CurrencyDigits("EUR"); d != 2 {
		t.Errorf("EUR digits = %d", d)
	}
	if c, err := ValidCurrency("eur"); err != nil || c != "EUR" {
		t.Errorf("ValidCurrency(eur) = %q, %v", c, err)
	}
	if _, err := ValidCurrency("EURO"); err == nil {
		t.Error("EURO accepted as a currency")
	}
}

func TestLocalePercentAndDate(t *testing.T) {
	es, en := LocaleFor("es"), LocaleFor("en")
	if got := es.Percent(1234); got != "12,3 %" {
		t.Errorf("es percent = %q", got)
	}
	if got := en.Percent(1234); got != "12.3%" {
		t.Errorf("en percent = %q", got)
	}
	d := MustDate("2025-01-31")
	if got := es.Date(d); got != "31/01/2025" {
		t.Errorf("es date = %q", got)
	}
	if got := en.Date(d); got != "01/31/2025" {
		t.Errorf("en date = %q", got)
	}
}

// TestAmountsBounded: an invoice, payment, credit note or refund above
// MaxAmount is refused (two invoices at the 64-bit limit once broke every
// report with "integer overflow"), and CheckedAdd never wraps.
func TestAmountsBounded(t *testing.T) {
	d := MustDate("2025-01-01")
	big := M(MaxAmount+1, "EUR")
	for name, err := range map[string]error{
		"invoice":     (&Invoice{Number: "1", IssueDate: d, DueDate: d, Amount: big}).Validate(),
		"payment":     (&Payment{Date: d, Amount: big}).Validate(),
		"credit note": (&CreditNote{Number: "1", Date: d, Amount: big}).Validate(),
		"refund":      (&Refund{Date: d, Amount: big}).Validate(),
	} {
		if ErrorCode(err) != EINVALID {
			t.Errorf("%s of %d: %v", name, big.Amount, err)
		}
	}
	if err := (&Invoice{Number: "1", IssueDate: d, DueDate: d, Amount: M(MaxAmount, "EUR")}).Validate(); err != nil {
		t.Errorf("the largest amount: %v", err)
	}
	if _, err := CheckedAdd(MaxSum, 1); err == nil {
		t.Error("a sum past MaxSum was accepted")
	}
	if _, err := CheckedAdd(9223372036854775807, 1); err == nil {
		t.Error("a wrapping sum was accepted")
	}
	if n, err := CheckedAdd(MaxAmount, MaxAmount); err != nil || n != 2*MaxAmount {
		t.Errorf("%d, %v", n, err)
	}
}
