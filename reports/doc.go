// Package reports computes figures and documents from the company's data:
// aging, DSO, payment behaviour, prediction, the worklist, PDFs and xlsx
// exports. It depends on data and assets only; the analytics issue fills it.
package reports
