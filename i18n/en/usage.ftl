# What the CLI says besides the report, the commands and `--help`: usage
# errors (clap's own English is used for English; these keys are for the
# other languages), the engine's setup errors, JUnit, `tally schema`.

## usage errors
usage-unknown-argument = unexpected argument '{ $arg }' found
usage-unknown-subcommand = unrecognized subcommand '{ $name }'
usage-missing-value = a value is required for '{ $arg }' but none was supplied
usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
usage-value-validation = invalid value '{ $value }' for '{ $arg }': { $why }
usage-missing-required = the following required arguments were not provided: { $args }
usage-missing-subcommand = '{ $name }' requires a subcommand but one was not provided
usage-repeated = the argument '{ $arg }' cannot be used multiple times
usage-conflict = the argument '{ $arg }' cannot be used with { $other }
usage-no-equals = equal sign is needed when assigning values to '{ $arg }'
usage-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
usage-number-of-values = { $expected } values required for '{ $arg }' but { $actual } were provided
usage-invalid-utf8 = invalid UTF-8 was detected in one or more arguments
usage-possible-values = [possible values: { $values }]
usage-subcommands = [subcommands: { $names }]
usage-similar-subcommands = some similar subcommands exist: { $names }
usage-similar = a similar argument exists: { $names }
usage-tip-dashes = to pass '{ $arg }' as a value, use '-- { $arg }'
usage-tip = tip: { $tip }
usage-more = For more information, try '--help'.

## setup errors (exit code 2)
engine-missing-path = `{ $path }` does not exist
    .help = check the path, or run tally where `data/` and `rules/` are (or a `tally.ron` names them)
engine-unknown-rule = unknown rule `{ $id }`
engine-empty-selection = `--select` names no rule, so no rule would run
    .help = give rule ids (`tally rules` lists them), or leave `--select` out to run every rule
engine-no-rules = the rules folder `{ $path }` holds no rule (`*.rhai`)
    .help = check the path; `tally new rule ID` writes a first rule
engine-outside = `{ $path }` is a symbolic link that leads outside the project; it is not read
    .help = tally reads only the project's own folders; name a folder outside it on the command line to check it
baseline-not-a-file = the baseline `{ $file }` is not a regular file
baseline-missing = the baseline `{ $file }` does not exist; write it with `tally check --write-baseline { $file }`
baseline-missing-named = the baseline `{ $file }` (named by tally.ron) does not exist; write it with `tally check --write-baseline { $file }`
baseline-outside = the baseline `{ $file }` lies outside the project (or links out of it); it is not read
baseline-unreadable = cannot read the baseline: { $why }
baseline-invalid = the baseline `{ $file }` is invalid: { $why }

## JUnit (`tally check --format junit`, `tally test --format junit`)
junit-case-at = { $rule } at { $line }:{ $column }
junit-body = { $position }{ $severity }: { $message }
junit-error = error
junit-warning = warning
junit-info = info
junit-help = help: { $help }
junit-note = note: { $note }
junit-orphan = no rule has this id
junit-orphan-detail = no rule has the id `{ $id }`

## tally schema
schema-not-a-file = `{ $file }` is not a file
schema-none-infer = no schemas in `{ $folder }`; `tally schema infer FILE` drafts one from a table
schema-none = no schemas in `{ $folder }`
schema-folder-empty = `{ $folder }` holds no schema
schema-kinds-are = the kinds are: { $kinds }
schema-unknown-kind = kind `{ $kind }` has no schema; { $hint }
schema-broken-note = { $count } schema errors; `tally schema check` shows them
schema-check-ok = { $count ->
        [one] { $count } schema
       *[other] { $count } schemas
    } in `{ $folder }`, no errors: { $kinds }
schema-show-table = { $record } (the table)
schema-show-key = , key `{ $key }`
schema-show-description = : { $description }
schema-show-optional = , optional
schema-column-field = field
schema-column-type = type
schema-column-unit = unit
schema-column-allowed = allowed
schema-column-description = description
schema-allowed-range = { $min } to { $max }
schema-allowed-one-of = one of { $words }
schema-allowed-names = names in { $reference }
schema-allowed-keys = keys in { $reference }
schema-allowed-separator = {"; "}

## check --changed-since, --format xlsx, watch
changed-no-git = `--changed-since` needs git, which cannot be run: { $error }
changed-not-a-repository = `--changed-since { $rev }`: `{ $folder }` is not in a git repository
changed-unknown-revision = `--changed-since { $rev }`: git knows no revision `{ $rev }` (fetch it, or name a branch, tag or commit)
render-xlsx-needs-output = `--format xlsx` writes a workbook: add `--output FILE.xlsx`
watch-ctrl-c = cannot handle Ctrl-C: { $error }
