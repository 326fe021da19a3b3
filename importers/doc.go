// Package importers turns spreadsheet ledgers (xlsx, csv) into Cartera's
// clients, invoices and payments: header mapping, locale parsing,
// validation and dedupe. It depends on data only; the import issue fills it.
package importers
