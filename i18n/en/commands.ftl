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
