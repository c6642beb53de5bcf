# `--help`: generated from the doc comments of cli/src/args.rs (see cli/src/help.rs).

cli-usage = Usage:
cli-options = Options
cli-arguments = Arguments
cli-values = possible values: { $values }
cli-default = default: { $value }
cli-extra = {" "}[{ $extra }]
cli-commands = Commands

cli = Check RON target tables with rules written in Rhai
    .long = Check RON target tables with rules written in Rhai.

    tally reads the tables in `data/` and the rules in `rules/` (or what a `tally.ron` at the project root names) and reports every finding at the exact value in the RON file.

cli--color = When to use colors: `auto` uses them on a terminal unless `NO_COLOR` is set

cli--lang = The language tally speaks: `zh` (中文) or `en`. Default: `lang` of tally.ron, else the locale (`LANG=zh_CN.UTF-8` is Chinese)

cli--help = Print help (see more with '--help')
    .long = Print help (see a summary with '-h')

cli--version = Print version

cli-check = Check the data with every rule; exit 0 (clean), 1 (findings) or 2 (could not check)

cli-check--paths = Data files or folders (default: `data/` of the project)

cli-check--rules = The rules folder (default: `rules/` of the project)

cli-check--select = Run only these rules (comma-separated ids)

cli-check--ignore = Do not run these rules (comma-separated ids)

cli-check--format = Output format

cli-check--fail-on = Exit 1 if a finding is at or above this severity

cli-check--output = Write the output to FILE instead of stdout, in any format (`--format html -o report.html` makes a page to send). FILE lies inside the project and is replaced whole, never through a symbolic link and never over a `.ron` or `.rhai` file; no colours go into it

cli-check--stats = Show the time each rule took

cli-check--show-suppressed = Also list the findings that `// tally: allow(…)` comments silenced

cli-check--baseline = Fail only on findings that are not in this baseline file, and list those that have gone from it (default: `baseline` of tally.ron)

cli-check--no-baseline = Ignore the baseline that tally.ron names

cli-check--write-baseline = Record the current findings in a baseline file (default: `baseline` of tally.ron) and exit 0; later checks with `--baseline` fail only on new findings

cli-check--changed-since = Report only findings on lines changed since git revision REF (its merge base with HEAD; uncommitted changes count); every rule still sees all the data

cli-watch = Re-check on every change of data or rules

cli-watch--paths = Data files or folders (default: `data/` of the project)

cli-watch--rules = The rules folder (default: `rules/` of the project)

cli-watch--select = Run only these rules (comma-separated ids)

cli-watch--ignore = Do not run these rules (comma-separated ids)

cli-watch--format = Output format: a screen per run, or one JSON document per line per run

cli-watch--baseline = Show only findings that are not in this baseline file (default: `baseline` of tally.ron); it is read again on every run

cli-watch--no-baseline = Ignore the baseline that tally.ron names

cli-rules = List the rules: id, severity, title, file

cli-rules--rules = The rules folder (default: `rules/` of the project)

cli-test = Run every rule against its fixtures; exit 0 (all pass), 1 (a fixture fails) or 2 (could not run)

cli-test--ids = Only these rules (default: every rule)

cli-test--rules = The rules folder (default: `rules/` of the project)

cli-test--format = Output format

cli-test--update = Rewrite the expectation files of fail fixtures from the current results, after showing the difference

cli-new = Write a new rule or check with its fixtures: `tally new rule ID`, `tally new check ID --kind KIND`

cli-new-rule = A rule file `rules/ID.rhai` with a commented skeleton, and a pass and a fail fixture with expectations, so that `tally test` passes at once

cli-new-rule--id = The rule id: kebab-case, naming the defect (`breakdown-over-high`)

cli-new-rule--kind = Write the rule over the records of this table kind, with its real field names and fixtures of that kind (from `schemas/KIND.ron`)

cli-new-rule--rules = The rules folder (default: `rules/` of the project)

cli-new-check = A check written as data, appended to `rules/checks.checks.ron` (or `--file`), over the records of a table kind with its real field names, and a pass and a fail fixture

cli-new-check--id = The check id: kebab-case, naming the defect (`rank-target-too-low`)

cli-new-check--kind = The table kind it checks (from `schemas/KIND.ron`)

cli-new-check--file = The checks file in the rules folder (`NAME.checks.ron`)

cli-new-check--rules = The rules folder (default: `rules/` of the project)

cli-new-help = Print this message or the help of the given subcommand(s)

cli-new-help-rule = A rule file `rules/ID.rhai` with a commented skeleton, and a pass and a fail fixture with expectations, so that `tally test` passes at once

cli-new-help-check = A check written as data, appended to `rules/checks.checks.ron` (or `--file`), over the records of a table kind with its real field names, and a pass and a fail fixture

cli-new-help-help = Print this message or the help of the given subcommand(s)

cli-import = Read a workbook (.xlsx, .xls, .ods, .csv) and write it as a RON table of a kind

cli-import--book = The workbook: .xlsx, .xls, .ods or .csv (read only, never written)

cli-import--sheet = The sheet to read; repeat for several (default: every visible sheet for `breakdown`, the first visible sheet for `records`)

cli-import--kind = The table kind to write (a schema in `schemas/`), e.g. `TargetTable`

cli-import--layout = How the sheet lays out the table

cli-import--output = Write the RON to FILE inside the project instead of stdout

cli-import--force = Replace FILE when it exists

cli-import--rules = The rules folder (default: `rules/` of the project)

cli-export = Write a RON table as an .xlsx workbook, in the layout `tally import` reads back

cli-export--file = The RON table to export

cli-export--output = The workbook to write (.xlsx), inside the project

cli-export--force = Replace BOOK when it exists

cli-export--rules = The rules folder (default: `rules/` of the project)

cli-schema = Table kinds and their schemas: `tally schema infer FILE…`, `show KIND`, `check`

cli-schema-infer = Print a draft schema for the kind of FILE… (tables of one kind), inferred from their data; redirect it to `schemas/KIND.ron` and read it before keeping it

cli-schema-infer--files = Data files of one kind

cli-schema-infer--rules = The rules folder (default: `rules/` of the project)

cli-schema-show = Print the fields of KIND (name, type, unit, description): what a rule can read. Without KIND, list the kinds

cli-schema-show--kind = The kind, e.g. `TargetTable`

cli-schema-show--rules = The rules folder (default: `rules/` of the project)

cli-schema-check = Check the schema files alone; exit 0 (valid) or 2 (errors, each at its place)

cli-schema-check--rules = The rules folder (default: `rules/` of the project)

cli-schema-help = Print this message or the help of the given subcommand(s)

cli-schema-help-infer = Print a draft schema for the kind of FILE… (tables of one kind), inferred from their data; redirect it to `schemas/KIND.ron` and read it before keeping it

cli-schema-help-show = Print the fields of KIND (name, type, unit, description): what a rule can read. Without KIND, list the kinds

cli-schema-help-check = Check the schema files alone; exit 0 (valid) or 2 (errors, each at its place)

cli-schema-help-help = Print this message or the help of the given subcommand(s)

cli-explain = Print a rule's explanation

cli-explain--id = The rule id, e.g. `breakdown-sum-mismatch`

cli-explain--rules = The rules folder (default: `rules/` of the project)

cli-lsp = Serve the Language Server Protocol over stdin and stdout (for editors: docs/lsp.md)

cli-lsp--stdio = Talk over stdin and stdout (the only transport; editors pass it)

cli-completions = Print shell completions to stdout

cli-completions--shell = The shell

cli-man = Print the man page (roff) to stdout

cli-help = Print this message or the help of the given subcommand(s)

cli-help-check = Check the data with every rule; exit 0 (clean), 1 (findings) or 2 (could not check)

cli-help-watch = Re-check on every change of data or rules

cli-help-rules = List the rules: id, severity, title, file

cli-help-test = Run every rule against its fixtures; exit 0 (all pass), 1 (a fixture fails) or 2 (could not run)

cli-help-new = Write a new rule or check with its fixtures: `tally new rule ID`, `tally new check ID --kind KIND`

cli-help-new-rule = A rule file `rules/ID.rhai` with a commented skeleton, and a pass and a fail fixture with expectations, so that `tally test` passes at once

cli-help-new-check = A check written as data, appended to `rules/checks.checks.ron` (or `--file`), over the records of a table kind with its real field names, and a pass and a fail fixture

cli-help-import = Read a workbook (.xlsx, .xls, .ods, .csv) and write it as a RON table of a kind

cli-help-export = Write a RON table as an .xlsx workbook, in the layout `tally import` reads back

cli-help-schema = Table kinds and their schemas: `tally schema infer FILE…`, `show KIND`, `check`

cli-help-schema-infer = Print a draft schema for the kind of FILE… (tables of one kind), inferred from their data; redirect it to `schemas/KIND.ron` and read it before keeping it

cli-help-schema-show = Print the fields of KIND (name, type, unit, description): what a rule can read. Without KIND, list the kinds

cli-help-schema-check = Check the schema files alone; exit 0 (valid) or 2 (errors, each at its place)

cli-help-explain = Print a rule's explanation

cli-help-lsp = Serve the Language Server Protocol over stdin and stdout (for editors: docs/lsp.md)

cli-help-completions = Print shell completions to stdout

cli-help-man = Print the man page (roff) to stdout

cli-help-help = Print this message or the help of the given subcommand(s)
