# The findings tally makes itself (not the rules'): message, then `.label`
# (under the value) and `.help` (what to do). The `shape` check's messages
# are not here yet.

## duplicate-key
duplicate-key = key `{ $key }` is written twice in this map
    .label = written again here
    .help = merge the two entries into one: a rule reading the map by key sees only the first, while sums and key lists count both
duplicate-key-first = first written here

## parse, io
parse-utf8 = file is not valid UTF-8
    .label = invalid byte sequence
    .help = save the file as UTF-8 (the byte sequence here was replaced by `{"\uFFFD"}`)
parse-syntax = { $message }
    .label = here
    .help = fix the RON syntax; the other files are still checked


## invalid-suppression, unused-suppression
suppress-form = // tally: allow(rule-id) reason
suppress-malformed = malformed `tally:` comment: { $why }
    .label = not a suppression
    .help = write `{ $form }` at the end of the value's line or on the line directly above it
suppress-why-no-verb = a `tally:` comment names what it does: `allow(rule-id)`
suppress-why-unknown-verb = unknown `tally:` directive `{ $verb }`; the only one is `allow(rule-id)`
suppress-why-no-parens = `allow` needs the rule ids in parentheses: `allow(rule-id)`
suppress-why-unclosed = `allow(` is not closed with `)`
suppress-why-not-an-id = `{ $id }` is not a rule id (ids are kebab-case, like `unknown-unit`)
suppress-why-no-rule = `allow()` names no rule
suppress-unknown-rule = `tally: allow({ $rule })` names an unknown rule
    .label = unknown rule
suppress-unused = `tally: allow({ $rule })` silences nothing
    .label = unused
suppress-unused-nowhere = a suppression goes at the end of the value's line or on the line directly above it (no blank line between); remove it or move it
suppress-unused-no-value = no value starts on line { $line }, which this comment applies to; put it at the end of the value's line or directly above it
suppress-unused-nothing = `{ $rule }` reports nothing at the values on line { $line }; remove the suppression (or the rule id) if the data was corrected
suppress-no-reason = suppression of `{ $rules }` gives no reason
    .label = no reason
    .help = say why the finding is accepted after the parentheses: `// tally: allow({ $ids }) 原文如此，已与业务处室核实`
