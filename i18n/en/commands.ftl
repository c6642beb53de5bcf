# What the subcommands say besides the report.

## check
check-wrote-baseline = wrote { $findings } to the baseline `{ $file }`
check-findings = { $count ->
    [one] { $count } finding
   *[other] { $count } findings
}
check-baseline-not-written = the baseline `{ $file }` was not written: the check could not be carried out (see the findings above)
check-wrote-report = wrote the report to `{ $file }`

## rules, explain
rules-built-in = (built in)
explain-built-in = built in
explain-defined-in = Defined in: { $origin }

## new
new-wrote = wrote { $file }
new-next = next: make `{ $file }` check what you need and the fixtures show it,
new-next-test = then `tally test { $id }` (`--update` records the fail fixture's new findings) and `tally check`

new-invalid-id = `{ $id }` is not a valid rule id: ids are kebab-case (lower-case letters, digits and single dashes, starting with a letter) and name the defect, e.g. `breakdown-over-high`
new-builtin-id = `{ $id }` is the id of a built-in check; choose another id
new-exists = `{ $file }` already exists; `tally new` does not overwrite files
new-fixtures-exist = `{ $file }` already holds fixtures; `tally new` does not overwrite files
new-declared-elsewhere = rule `{ $id }` is already declared by `{ $file }`
new-fails-own-fixtures = the new rule does not pass its own fixtures here ({ $why }); `tally test { $id }` shows why

## test
test-ok = ok
test-fail = FAIL
test-error = ERROR
test-updated = UPDATED
test-updated-file = updated { $file }
test-found-recorded = found (recorded now)
test-found = found
test-expected = expected ({ $file })
test-rule-unusable = the rule cannot be used, its fixtures were not run
test-orphan = no rule has the id `{ $id }`; rename the folder to its rule's id, or remove it
test-see-them = see them with `tally check { $file } --select { $rule }`
test-update-hint = if the rule is right now, `tally test { $rule } --update` records what it finds in `{ $file }`
test-passed = { $count } passed
test-updated-count = { $count } updated
test-failed = { $count } failed
test-could-not-run = { $count } could not run
test-fixtures = { $count ->
    [one] { $count } fixture
   *[other] { $count } fixtures
}
test-summary = { $rules }, { $fixtures }: { $parts }
test-rules-unusable = { $rules } cannot be used
test-fixture-problems = { $count ->
    [one] { $count } fixture problem
   *[other] { $count } fixture problems
}

## watch
watch-checked = checked
watch-checked-again = checked again
watch-checked-after = checked after change to { $files }
watch-more = { $count } more
watch-and = { $rest } and { $last }
watch-status = [{ $time }] { $what } in { $ms } ms — watching { $watching } (Ctrl-C to stop)
watch-new-mark = new
watch-new-count = { $count } new since the last run
watch-fixed-heading = fixed since the last run:
watch-fixed-count = { $count } fixed
watch-rule-failures = { $count ->
    [one] { $count } rule failed (a broken rule, not a data defect)
   *[other] { $count } rules failed (broken rules, not data defects)
}
watch-data-findings = data: { $counts }
watch-baseline-not-applied = the baseline was not applied: { $why }
watch-more-above = ↑ { $count } findings above

## failures (exit code 2)
failure-error = error: { $message }
failure-cannot-write = error: cannot write the output: { $error }
failure-cwd = cannot read the current directory: { $error }
failure-lang = unknown language `{ $lang }` in `--lang`; use `zh` or `en`

## check: where the outputs go
check-output-ron = not writing the report to `{ $file }`: a `.ron` or `.rhai` file could be data, a rule or tally.ron (name it like `report.html`)
check-output-folder = not writing the report to `{ $file }`: it is a folder (name a file, like `report.html`)
check-baseline-needs-file = `--write-baseline` needs a FILE, or `baseline: "tally-baseline.json"` in tally.ron
check-baseline-ron = a baseline is JSON and is not written to a `.ron` file (it could be data): name it like `tally-baseline.json`, not `{ $file }`
check-baseline-not-a-file = `{ $file }` exists and is not a regular file; not overwriting it (choose another name)
check-baseline-not-a-baseline = `{ $file }` exists and is not a tally baseline; not overwriting it (remove it, or choose another name)

## writing files (new, check --write-baseline, --output)
write-refuse-link = not writing `{ $file }`: it is a symbolic link; tally writes no file through a link
write-refuse-not-a-file = not writing `{ $file }`: it exists and is not a regular file
write-failed = cannot write `{ $file }`: { $error }
write-project-unreadable = cannot read the project folder: { $error }
write-refuse-outside = not writing into `{ $folder }`: it lies outside the project (through a symbolic link, or named so); tally writes only inside the project
write-create-failed = cannot create `{ $folder }`: { $error }

## new check
new-check-invalid-id = `{ $id }` is not a valid check id: ids are kebab-case (lower-case letters, digits and single dashes, starting with a letter) and name the defect, e.g. `rank-target-too-low`
new-check-file = `--file { $name }` must be a file name in the rules folder
new-check-append = `{ $file }` does not end in `])`; add the check by hand:
    { $entry }
new-check-fails-own-fixtures = the new check does not pass its own fixtures here ({ $why }); `tally test { $id }` shows why
new-check-next = next: make check `{ $id }` in `{ $file }` say what you need (docs/checks.md),
new-kind-no-schemas = `{ $folder }` holds no schema; `tally schema infer FILE` drafts one
