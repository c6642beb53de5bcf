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
