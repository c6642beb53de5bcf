# Workbooks checked in place (`workbooks:` in tally.ron, docs/spreadsheets.md).

sheets-unmapped = `{ $file }` is a workbook, and `workbooks` in tally.ron maps none of its sheets
    .help = map its sheets to a kind and a layout under `workbooks` in tally.ron, e.g. `"{ $file }": [(sheets: ["附件3"], kind: "TargetTable", layout: "breakdown")]` (docs/spreadsheets.md)
sheets-no-reader = `{ $file }` is a workbook, and this program reads no workbooks
    .help = check it with the `tally` command, or import it first with `tally import`
sheets-open-elsewhere = `{ $file }` is open in a spreadsheet program (its lock file `{ $lock }` is there): save and close it there, then check again

# Reading workbooks (`tally import`, workbooks checked in place) and writing them (`tally export`, `--format xlsx`).

## shared
sheets-list-separator = {", "}
sheets-sheet-hidden = `{ $sheet }` (hidden)
sheets-sheet-listed = `{ $sheet }`
sheets-field-described = `{ $field }` ({ $description })
sheets-field-listed = `{ $field }`

## opening a workbook
sheets-not-a-file = `{ $file }` is not a file
sheets-cannot-read = cannot read `{ $file }`: { $error }
sheets-not-a-workbook = `{ $file }` is not a workbook tally reads
    .help = tally reads .xlsx, .xls, .ods and .csv files
sheets-password = `{ $file }` is protected by a password; tally cannot read it
    .help = save a copy without the password (File → Info → Protect Workbook) and import that
sheets-damaged = cannot read `{ $file }` as a workbook: { $error }
    .help = is it damaged, or still being written by another program? Open and save it again in Excel, WPS or LibreOffice
sheets-no-sheet = `{ $file }` has no sheet `{ $sheet }`
    .help = its sheets are { $sheets }
sheets-no-visible-sheet = `{ $file }` has no visible sheet
sheets-no-sheet-to-read = `{ $file }` has no sheet to read
sheets-csv-row = `{ $file }` row { $row }: { $error }
sheets-csv-not-utf8 = { $cell }: the text is not UTF-8
    .help = save the CSV as “CSV UTF-8” (Excel) or with the UTF-8 character set (WPS, LibreOffice)
sheets-cannot-read-sheet = cannot read sheet `{ $sheet }` of `{ $file }`: { $error }
sheets-unknown-kind = tally.ron maps `{ $file }` to kind `{ $kind }`, and no schema declares that kind
    .help = add the kind's schema to `schemas/`
sheets-unknown-kind-kinds = the kinds are { $kinds }
sheets-unknown-kind-near = did you mean `{ $near }`? the kinds are { $kinds }

## a cell where a figure belongs
sheets-not-a-figure = { $what }: `{ $text }` is not a figure
sheets-text-for-figure = { $what }: the text `{ $text }` stands where a figure belongs
    .help = write the figure, `-` when it is not assigned, or leave the cell blank to leave the region out
sheets-date-for-figure = { $what }: a date ({ $date }) stands where a figure belongs
    .help = the cell is formatted as a date; format it as a number (Format Cells → Number) and type the figure again
sheets-bool-for-figure = { $what }: `{ $value }` stands where a figure belongs
sheets-error-value = { $what }: the cell shows the error `{ $error }`
    .help = fix the formula in the workbook so that it shows a figure
sheets-uncached-formula = { $what }: the formula `={ $formula }` has no saved result
    .help = open the workbook in Excel, WPS or LibreOffice, let it recalculate and save it

## the breakdown layout (target tables)
sheets-not-target-kind = the breakdown layout writes target tables, and kind `{ $kind }` is not one
    .help = a target table's kind has a list of sheets, each with a list of indicators (name, unit, standard, high) and a map `breakdown` of region → figure, as schemas/TargetTable.ron; use `--layout records` for a table of one record per row
sheets-no-region-header = sheet `{ $sheet }` has no header row with a region column
    .help = the breakdown layout looks for a row whose first cell is one of { $titles }
sheets-figure-without-title = a figure in a column without a title
    .help = give column { $column } a title like `工业 APP 开发应用（个）`
sheets-title-without-unit = the column title `{ $title }` names no unit
    .help = write the unit in brackets after the indicator's name, as printed: `工业 APP 开发应用（个）`, `工业设备联网率（%）`
sheets-no-indicator = the header names no indicator
    .help = the indicators stand across the header, right of the region column
sheets-indicator-twice = indicator `{ $indicator }` has two columns ({ $first } and { $second })
sheets-no-lines = no rows for the city's standard line (标线) and high line (高线) under the header
    .help = the layout wants two rows under the header: `全市 | 标线 | …` and `| 高线 | …`
sheets-line-of = { $line } of `{ $indicator }`
sheets-line-blank = { $what } is blank
    .help = write the city's figure, or `-` when there is none
sheets-row-without-region = figures in a row that names no region
    .help = write the region's name in the first column
sheets-not-region-name = `{ $text }` is not a region name
sheets-region-twice = region `{ $region }` has a second row (first at row { $row })
    .help = each region has one row; delete or merge the duplicate
sheets-indicator-of-region = `{ $indicator }` of { $region }

## the records layout
sheets-no-record-list = kind `{ $kind }` has no list of records for the rows
    .help = the records layout fills the kind's first field of type `list of RECORD`, one record per row
sheets-no-field-header = sheet `{ $sheet }` has no header row naming a field of `{ $record }`
    .help = the header's titles name the fields: { $fields }
sheets-unmapped-column = column { $column } `{ $title }` maps to no field of `{ $record }`
    .help = the fields are { $fields }; give the column one of their titles, or add `titles: ["{ $title }"]` to the field in the schema
sheets-value-without-title = a value in a column without a title
    .help = give column { $column } a title: { $fields }
sheets-record-twice = `{ $field }` { $key } has a second row (first at row { $row })
    .help = each record has one row; delete or merge the duplicate
sheets-not-text = { $what }: `{ $value }` is not text
sheets-not-whole = { $what }: `{ $text }` is not a whole number
    .help = this field holds whole numbers
sheets-not-yes-no = { $what }: `{ $text }` is not 是 or 否

## writing a workbook
sheets-no-record-list-export = kind `{ $kind }` has no list of records to lay out as rows
sheets-cannot-write = cannot write the workbook: { $error }

## `tally import`, `tally export`, `tally check --format xlsx`
sheets-import-no-kind = no schema for kind `{ $kind }`; the kinds are: { $kinds }
sheets-import-no-kinds = no schema for kind `{ $kind }`; the kinds are: (none: no schemas folder)
sheets-not-writing-book = not writing `{ $file }`: tally never writes to a workbook it reads
sheets-output-exists = `{ $file }` exists; add --force to replace it
sheets-export-not-xlsx = `{ $file }`: tally writes .xlsx workbooks; name the output BOOK.xlsx
sheets-export-not-ron = `{ $file }` is not valid RON
sheets-export-no-schema = `{ $file }` is a `{ $kind }` table, and no schema declares that kind; tally lays a table out by its schema
sheets-xlsx-needs-output = `--format xlsx` writes a workbook: add `--output FILE.xlsx`
sheets-not-writing-checked = not writing `{ $file }`: it is data that was just checked, and tally never writes to a workbook it reads
sheets-wrote-marked-up = wrote the marked-up workbook to `{ $file }`
