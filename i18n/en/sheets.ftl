# Workbooks checked in place (`workbooks:` in tally.ron, docs/spreadsheets.md).

sheets-unmapped = `{ $file }` is a workbook, and `workbooks` in tally.ron maps none of its sheets
    .help = map its sheets to a kind and a layout under `workbooks` in tally.ron, e.g. `"{ $file }": [(sheets: ["附件3"], kind: "TargetTable", layout: "breakdown")]` (docs/spreadsheets.md)
sheets-no-reader = `{ $file }` is a workbook, and this program reads no workbooks
    .help = check it with the `tally` command, or import it first with `tally import`
sheets-open-elsewhere = `{ $file }` is open in a spreadsheet program (its lock file `{ $lock }` is there): save and close it there, then check again
