# The human report (`tally check`, `tally watch`): summary line, headings.

summary-errors = { $count ->
    [one] { $count } error
   *[other] { $count } errors
}
summary-warnings = { $count ->
    [one] { $count } warning
   *[other] { $count } warnings
}
summary-infos = { $count ->
    [one] { $count } info
   *[other] { $count } infos
}
summary-files = { $count ->
    [one] { $count } file
   *[other] { $count } files
}
summary-rules = { $count ->
    [one] { $count } rule
   *[other] { $count } rules
}
summary-counts = { $errors }, { $warnings }, { $infos }
summary-no-findings = no findings
summary-no-new-findings = no new findings
summary-line = { $counts } in { $files }, { $rules }
summary-untouched = { $count } on lines the change did not touch
summary-suppressed = { $count } suppressed
summary-baselined = { $count } in the baseline
summary-gone = { $count } gone from it
summary-extra = ; { $extra }
summary-list-sep = {", "}
summary-with-time = { $line } ({ $ms } ms)
summary-tool-errors = { $count ->
    [one] { $count } rule failure
   *[other] { $count } rule failures
}

report-suppressed-heading = suppressed by `tally: allow` comments:
report-gone-heading = gone from the baseline `{ $file }` (fixed, or changed; `tally check --write-baseline { $file }` forgets them):
report-printed-heading = printed by rules:
report-stats-rule = rule
report-stats-findings = findings
report-stats-ms = ms
report-related = {"see also: "}
report-here = here
report-note = note: { $note }
# The word and colon miette puts before a finding's help; the two are as
# wide on screen as `help: ` (6 columns), so that its wrapped lines align.
report-help-word = help
report-help-colon = {": "}
report-suppressed-note = suppressed by the comment at { $file }:{ $line }: { $why }
report-no-reason = no reason given
report-idle = checked nothing (no table of the kinds they ask for): { $rules }
report-unread = not seen by any rule (the file does not parse or is not text; see its finding): { $files }
