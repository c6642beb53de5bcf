# The findings tally makes itself beyond parsing and suppressions: the
# schema checks (`shape`, `unknown-reference`, `no-schema`), `io`,
# `config-error`, `rule-error`, and the verdicts of `tally test`.

## shared
did-you-mean = did you mean `{ $name }`?
did-you-mean-then = did you mean `{ $name }`? { $otherwise }
list-separator = {", "}
rules-listed = `tally rules` lists the rules

## types of a schema, in messages
type-text = text
type-integer = integer
type-number = number
type-boolean = boolean
type-list = list of { $item }
type-map = map of { $key } to { $value }
type-record = record
type-record-named = { $name }
type-or-none = { $inner } or None
type-or-none-grouped = ({ $inner }) or None

## shape
shape-place-field = `{ $field }`
shape-place-member = each member of `{ $field }`
shape-place-value = each value of `{ $field }`
shape-place-key = each key of `{ $field }`
shape-record-name = `{ $name }(…)` is written where a `{ $record }` record belongs
    .help = write `{ $record }(…)` or just `(…)`
shape-unknown-field = unknown field `{ $field }` in `{ $record }`
    .label = this field
    .help = the fields of `{ $record }` are: { $fields } ({ $schema })
shape-missing-field = missing field `{ $field }` in `{ $record }`
    .label = this record
shape-missing-field-help = add `{ $field }: …` ({ $described })
shape-missing-field-help-described = add `{ $field }: …` ({ $described }, { $description })
shape-missing-field-help-none = { $help }; write `None` if it is not assigned
shape-unassigned = { $place } must be { $described } and cannot be unassigned
    .help = fill in the value; if it may be unassigned, declare its type as `{ $declared } or None` in { $schema }
shape-not-a-word = { $place } is `{ $value }`, which is not one of its words
    .label = not an allowed word
    .help = the words are: { $words }
shape-below = { $place } is { $value }, below the smallest allowed { $bound }
shape-above = { $place } is { $value }, above the largest allowed { $bound }
shape-allowed-between = from { $min } to { $max }
shape-allowed-min = { $min } or more
shape-allowed-max = { $max } or less
shape-range-help = check the figure; { $field } allows { $allowed } ({ $schema })
    .label = out of range
shape-wrong-type = { $place } must be { $described }, found { $found }
shape-help-unquote = write the figure without quotes: `{ $figure }`
shape-help-whole = write a whole number; `{ $literal }` has a fraction
shape-help-quote = write text in quotes: `"{ $literal }"`
shape-help-record = a `{ $record }` is written `(…)` with the fields { $fields }
shape-help-declared = as declared in { $schema }
shape-found-bytes = a byte string
shape-found-text = text `{ $literal }`
shape-found-integer = the whole number `{ $literal }`
shape-found-number = the number `{ $literal }`
shape-found-literal = `{ $literal }`
shape-found-char = the character `{ $literal }`
shape-found-list = a list `[…]`
shape-found-map = a map `{"{"}…{"}"}`
shape-found-record = a record `(…)`
shape-found-tuple = a tuple `(…)`
shape-found-other = something else

## figures no table may hold
number-nan = `{ $literal }` is not a number
number-infinite = `{ $literal }` is not a finite number
number-float-range = `{ $literal }` is beyond the range of a 64-bit float (it reads as infinity)
number-integer-range = integer `{ $literal }` is beyond the range of a 64-bit integer (it would read as { $value }, rounded)
number-help-write = write the figure, or `None` if it is not assigned
number-help-check = check the figure; a statistic is never this large

## no-schema
no-schema-no-kind = this table names no kind at its root, so no schema and no rule's `tables(kind)` can find it
    .label = no kind
    .help = start the table with its kind, e.g. `TargetTable(` or `ProgressReport(`, and give the kind a schema
no-schema-kind = kind `{ $kind }` has no schema, so the shape of its tables is not checked
    .label = no schema
    .help = write `{ $folder }/{ $kind }.ron`; `tally schema infer { $path } > { $folder }/{ $kind }.ron` drafts one from this table

## unknown-reference
reference-no-table = `{ $field }` must name a `{ $reference }`, but no table of kind `{ $kind }` is loaded to check it against
    .help = add the `{ $kind }` table to the data, or drop `references` from the schema of `{ $schema }`
reference-unknown = `{ $name }` in `{ $field }` is not a name in { $kind } ({ $reference })
    .label = unknown value
    .label-key = unknown key
    .help = the names come from `{ $reference }`; a new name must be added there first

## io
io-this-file = this file
io-unreadable = cannot read `{ $name }`: { $error }
    .help = check that the path is a readable file
io-too-large = `{ $name }` is { $size }, more than the { $max } a file may have
    .help = split the file, or raise `limits.max_file_size` (bytes) in tally.ron
io-not-a-file = `{ $name }` is not a regular file
    .help = tally reads only regular files; remove it or rename it so that it does not end in the extension tally looks for
io-outside = `{ $name }` is a symbolic link that leads outside `{ $folder }`; it is not read
    .help = tally reads only what lies inside the folders it checks; copy the file in, or name its folder as a path to check
io-bytes = { $count } bytes
io-error-not-found = No such file or directory (os error 2)
io-error-permission = Permission denied (os error 13)
io-error-is-a-directory = Is a directory (os error 21)
io-error-not-a-directory = Not a directory (os error 20)
io-error-invalid-data = stream did not contain valid UTF-8

## config-error (tally.ron)
config-dangling-link = `{ $name }` is a symbolic link that leads nowhere
    .help = remove the link, or make it a file
config-unreadable = cannot read `{ $name }`: { $error }
    .help = check that the file is readable
config-not-a-file = `{ $name }` is not a regular file
    .help = tally.ron is the project's configuration file; remove or rename what has that name
config-outside-link = `{ $name }` is a symbolic link that leads outside its folder; it is not read
    .help = tally reads only the project's own files; copy the configuration into the project
config-too-large = `{ $name }` is larger than { $kib } KiB
    .help = a configuration is a few lines; check that this is the right file
config-not-ron = `{ $name }` is not valid RON: { $message }
config-unknown-key = unknown key `{ $key }` in `{ $name }`
    .label = unknown key
    .help = known keys: { $keys }
config-invalid = invalid `{ $name }`: { $message }
config-lang = unknown interface language `{ $lang }`
    .label = not a language tally speaks
    .help = write `lang: "zh"` (中文) or `lang: "en"` (English), or leave it out for the locale's
config-empty-path = `{ $key }` names an empty path
    .label = empty
    .help = name a folder or file inside the project, or leave the key out for the default
config-outside = `{ $key }` names `{ $path }`, outside the folder of tally.ron
    .label = outside the project
    .help = tally.ron may name only paths inside its own folder; give a path outside it on the command line instead
config-too-deep = `limits.{ $key }` is { $value }, more than { $max }
    .label = too deep
    .help = at most { $max }: deeper nesting would overflow the stack of the thread that runs the rule instead of stopping it with a rule-error
config-empty-select = `select` names no rule, so no rule would run
    .label = empty
    .help = name the rules to run (`tally rules` lists them), or leave `select` out to run every rule
config-severity = invalid severity `{ $value }` for `{ $id }`
    .label = not a severity
    .help = a severity is "error", "warning" or "info"
config-severity-expected = invalid severity `{ $value }` for `{ $id }`; expected error, warning or info
config-no-such-file = `per_file_ignores` names `{ $file }`, which does not exist
    .label = no such file
    .help = paths are relative to the folder of tally.ron; correct the path or remove the entry
config-unknown-rule = unknown rule `{ $id }` in `{ $name }`
    .label = unknown rule

## rule-error
rule-here = here
rule-imported-here = imported here
rule-called-here = called here
rule-compiler-crashed = the rule compiler crashed on this rule
rule-meta-help = a rule declares `const ID = "kebab-case-id";`, `const SEVERITY = "error";` (or warning, info), `const TITLE = "…";`, `//!` explanation lines, and `fn check(data) {"{"} … {"}"}`
rule-unclosed-brace = rule `{ $rule }` does not compile: this `{"{"}` is never closed
    .label = opened here, never closed
    .help = close the block with `{"}"}` where it ends, or remove the `{"{"}` if it was typed by mistake; the other rules still run
rule-does-not-compile = rule `{ $rule }` does not compile: { $why }
    .help = fix the script's syntax; the other rules still run
rule-no-id = rule file `{ $rule }` declares no `const ID`
rule-id-not-kebab = rule id `{ $id }` is not kebab-case
rule-id-reserved = rule id `{ $id }` is reserved for tally's own findings
    .help = choose an id that names the defect the rule finds, e.g. `breakdown-over-high`
rule-bad-severity = rule `{ $id }` has an invalid `SEVERITY`; expected "error", "warning" or "info"
rule-no-severity = rule `{ $id }` declares no `const SEVERITY`
rule-each-table-invalid = rule `{ $id }` has an invalid `EACH_TABLE`; expected a kind in quotes, or a list of kinds
    .help = write `const EACH_TABLE = "TargetTable";` or `const EACH_TABLE = ["TargetTable", "Evaluation"];`, or remove it (docs/writing-rules.md)
rule-no-title = rule `{ $id }` declares no `const TITLE`
rule-no-check = rule `{ $id }` has no `fn check(data)`
rule-prints-dropped = … { $count } more lines not kept (max_prints)
rule-too-many-operations = rule `{ $rule }` exceeded { $max } operations
    .help = look for a loop that never ends; raise `limits.max_operations` in tally.ron if the data is really that large
rule-deadline = rule `{ $rule }` ran past its deadline of { $ms } ms
    .help = look for a loop that never ends; raise `limits.deadline_ms` (or `limits.total_deadline_ms`) in tally.ron if the data is really that large
rule-total-deadline = rule `{ $rule }` ran past its check's total deadline of { $ms } ms (limits.total_deadline_ms)
    .help = look for a loop that never ends; raise `limits.deadline_ms` (or `limits.total_deadline_ms`) in tally.ron if the data is really that large
rule-stack-overflow = rule `{ $rule }` nested function calls deeper than { $max } levels
    .help = look for recursion without an end
rule-data-too-large = rule `{ $rule }` built a value that is too large: { $what }
    .help = a string, array or map grew past its bound (`limits.max_string_size`, `max_array_size`, `max_map_size`)
rule-too-many-modules = rule `{ $rule }` imported more than { $max } modules
    .help = import fewer modules
rule-module-not-found = rule `{ $rule }` cannot import: { $message }
    .help = modules live in `rules/lib/`; import them by name: `import "helpers" as h;`
rule-function-not-found = rule `{ $rule }` calls a function that does not exist: `{ $signature }`
    .help = check the name and the argument types; the rule API is listed in the README's rule-writing guide
rule-writes-data = rule `{ $rule }` tried to change the data: { $why }
    .help = the data is read-only for rules, so that no rule changes what the others see; copy a value into a local variable (`let m = row.to_map();`) to work with it
rule-writes-constant = rule `{ $rule }` tried to change the data: { $why }
    .help = the data is read-only for rules, so that no rule changes what the others see; copy a value into a local variable (`let x = row.high;`) to work with it
rule-failed = rule `{ $rule }` failed: { $why }
    .help = fix the rule; the other rules still ran

## Rhai's errors (English keeps Rhai's own text; these are for the other languages)
rhai-syntax = syntax error: { $why }
rhai-variable-exists = variable already defined: { $name }
rhai-forbidden-variable = forbidden variable name: { $name }
rhai-variable-not-found = variable not found: { $name }
rhai-property-not-found = property not found: { $name }
rhai-index-not-found = invalid index: { $index }
rhai-function-not-found = function not found: { $signature }
rhai-module-not-found = module not found: { $name }
rhai-unbound-this = 'this' not bound
rhai-type-expected = data type incorrect, expecting { $expected }
rhai-type-wrong = data type incorrect: { $actual }
rhai-type-mismatch = data type incorrect: { $actual } (expecting { $expected })
rhai-not-indexable = indexer unavailable: { $type }
rhai-array-bounds = array index { $index } out of bounds: { $count } elements in array
rhai-string-bounds = string index { $index } out of bounds: { $count } characters in string
rhai-for = for loop expects iterable type
rhai-arithmetic = arithmetic error: { $why }
rhai-division-by-zero = division by zero: { $expr }
rhai-overflow = integer overflow: { $expr }
rhai-too-many-variables = too many variables defined
rhai-assign-constant = cannot modify constant { $name }
rhai-runtime = runtime error
rhai-break-outside-loop = 'break' must be within a loop
rhai-continue-outside-loop = 'continue' must be within a loop
rhai-large-string = length of string
rhai-large-array = size of array
rhai-large-map = size of object map
rhai-unexpected-eof = script is incomplete
rhai-unknown-operator = unknown operator: '{ $op }'
rhai-missing-token = expecting '{ $token }' { $why }
rhai-missing-token-rhai = expecting '{ $token }' { $rhai }
rhai-missing-symbol = expecting a symbol
rhai-duplicated-property = duplicated property for object map literal: { $name }
rhai-duplicated-variable = duplicated variable name: { $name }
rhai-variable-undefined = undefined variable: { $name }
rhai-module-undefined = undefined module: { $name }
rhai-expr-expected = expecting { $what } expression
rhai-fn-missing-body = expecting body statement block for function { $name }
rhai-fn-missing-params = expecting parameters for function { $name }
rhai-fn-duplicated-param = duplicated parameter { $param } for function { $name }
rhai-fn-missing-name = expecting function name in function declaration
rhai-invalid-lhs = expression cannot be assigned to
rhai-reserved = '{ $word }' is a reserved keyword
rhai-property-expected = expecting name of a property
rhai-variable-expected = expecting name of a variable
rhai-wrong-fn-definition = function definitions must be at global level and cannot be inside a block or another function
rhai-expr-too-deep = expression exceeds maximum complexity
rhai-unexpected = unexpected '{ $token }'
rhai-bad-escape = invalid escape sequence: '{ $text }'
rhai-bad-number = invalid number: '{ $text }'
rhai-bad-char = invalid character: '{ $text }'
rhai-bad-identifier = variable name is not proper: '{ $text }'
rhai-unterminated-string = open string is not terminated
rhai-for-statement-end = to terminate this statement
rhai-for-block-end = to terminate this block
rhai-for-block-start = to start a statement block
rhai-for-paren = for a matching ( in this expression
rhai-for-bracket = for a matching [ in this index expression
rhai-for-array-items = to separate the items of this array literal
rhai-for-map-items = to separate the items of this object map literal
rhai-for-call-start = to start arguments list of function call
rhai-for-call-end = to close the arguments list of this function call '{ $name }'
rhai-for-call-args = to separate the arguments to function call '{ $name }'
rhai-for-params-end = to close the parameters list of function '{ $name }'

## tally test: fixture layout and verdicts
fixture-none = no fixtures: add `{ $folder }/pass.ron` and `{ $folder }/fail.ron` with `{ $folder }/fail.{ $expected }`
fixture-not-a-case = `{ $folder }/{ $file }` is not a fixture: a case is named `pass…` or `fail…`
fixture-twice = two fixtures are named `{ $name }` in `{ $folder }` (a file and a folder); rename one
fixture-empty-folder = the fixture folder `{ $folder }/{ $file }` holds no `.ron` file
fixture-pass-expected = `{ $folder }/{ $file }`: a pass fixture expects no finding, so it has no expectation file; remove it
fixture-stray-expected = `{ $folder }/{ $file }` belongs to no fixture (no `{ $stem }.ron` or `{ $stem }/`); remove or rename it
fixture-no-pass = no pass fixture: add `{ $folder }/pass.ron` (data the rule accepts)
fixture-no-fail = no fail fixture: add `{ $folder }/fail.ron` (data the rule reports) and run `tally test --update`
fixture-id-twice = rule id `{ $id }` is declared by more than one file: `{ $first }` and `{ $second }`
    .help = give each rule its own id (the file name without `.rhai`)
fixture-pass-found = a pass fixture yields no finding, and this one yields { $count ->
        [one] { $count } finding
       *[other] { $count } findings
    }
fixture-no-expected = no `{ $file }`: `tally test --update` records what the fixture yields
fixture-expects-none = a fail fixture expects at least one finding of `{ $rule }`; `{ $file }` lists none
fixture-missing = { $count } missing
fixture-unexpected = { $count } unexpected
fixture-and = {", "}

## tally schema infer
schema-infer-not-ron = { $file } is not valid RON; fix it first (`tally check` says where)
schema-infer-no-kind = { $file } names no kind at its root; start the table with its kind, e.g. `ProgressReport(`
schema-infer-root = { $file }: the root of a table is a record `{ $kind }(field: …)`
schema-infer-mixed = { $file } is of kind `{ $kind }`, the other files of kind `{ $first }`; infer one kind at a time
schema-infer-no-file = no file given
schema-infer-header =
    // Draft schema of `{ $kind }`, inferred by `tally schema infer` from { $files }.
    // Read every line before keeping it: the types, `optional`, `min`, `one_of`
    // and the references are guesses from the data. Add a `description` (and a
    // `unit`) to each field; `tally schema show { $kind }` prints them for rule writers.

## config-error in schema files
schema-what-schema = a schema
schema-what-record = record `{ $name }`
schema-what-field = field `{ $name }`
schema-what-titles = each title of `titles`
schema-what-one-of = each word of `one_of`
schema-text = { $what } must be text in quotes
    .help = write `{ $what }: "…"`
schema-number = `{ $what }` must be a number
    .help = write `{ $what }: 0`
schema-boolean = `{ $what }` must be `true` or `false`
    .help = write `{ $what }: true`
schema-parens = { $what } must be written in parentheses: `(…: …, …)`
    .help = the fields of { $what } are: { $fields }
schema-not-a-field = `{ $field }` is not a field of { $what }
    .help = the fields of { $what } are: { $fields }
schema-map = `{ $what }` must be a map: `{"{"}"name": …, …{"}"}`
    .help = write `{ $what }: {"{"}"name": (type: "text"){"}"}`
schema-map-name = a name in `{ $what }` must be text in quotes
    .help = write `"name": …`
schema-not-ron = schema file is not valid RON: { $message }
    .help = fix the RON syntax (`docs/schemas.md` shows the form of a schema)
schema-not-schema = a schema file starts with `Schema(`, not `{ $name }(`
    .help = write `Schema(kind: "…", fields: {"{"}…{"}"})`
schema-no-kind = the schema does not say its `kind`
    .help = add `kind: "TargetTable"`: the root name of the tables it describes
schema-bad-kind = `{ $kind }` cannot be a kind: a table's root name is a word of letters, digits and `_`
    .help = write the name the tables start with, e.g. `kind: "ProgressReport"`
schema-no-fields = the schema of `{ $kind }` has no `fields`
    .help = add `fields: {"{"}"name": (type: "text"), …{"}"}`
schema-record-no-fields = record `{ $name }` has no `fields`
    .help = add `fields: {"{"}"name": (type: "text"), …{"}"}`
schema-record-twice = record `{ $name }` is declared twice (or has the kind's name)
    .help = give each record its own name
schema-bad-key = key `{ $key }` is not a field of `{ $record }`
    .help = the key names one of the record's fields
schema-field-no-type = field `{ $name }` has no `type`
    .help = add `type: "text"` (or integer, number, boolean, list of …, map of text to …)
schema-field-twice = field `{ $name }` is declared twice
    .help = keep one of them
schema-bad-type = field `{ $name }`: { $why }
    .help = `docs/schemas.md` lists the types
schema-titles = `titles` must be a list of column titles
    .help = write `titles: ["标线", "全市标线"]`
schema-one-of = `one_of` must be a list of words
    .help = write `one_of: ["city", "county"]`
schema-bad-reference = `{ $text }` is not a reference
    .help = write `{ $attr }: "Kind.field.field"`, e.g. `"RegionRegistry.regions.name"`: the kind, then the fields down to the names
schema-min-max-not-number = field `{ $field }` has `min`/`max` but holds no numbers
    .help = `min` and `max` apply to `integer` and `number` fields
schema-min-above-max = field `{ $field }` has `min` { $min } above `max` { $max }
    .help = swap them
schema-one-of-not-text = field `{ $field }` has `one_of` or `references` but holds no text
    .help = `one_of` and `references` apply to `text` fields
schema-key-refs-not-map = field `{ $field }` has `key_references` but is not a map
    .help = `key_references` names where a map's keys come from; for text values use `references`
schema-checked-by-alone = field `{ $field }` has `checked_by` but no reference
    .help = `checked_by` names the rule that checks the field's `references` or `key_references`
schema-follow-not-field = `{ $step }` is not a field of `{ $record }`; { $hint }
schema-follow-fields = its fields are: { $fields }
schema-follow-no-text = `{ $step }` of `{ $record }` holds no text names
schema-follow-not-record = `{ $step }` of `{ $record }` is not a record, so the path cannot go on
schema-follow-empty = the path is empty
schema-ref-no-kind = field `{ $field }` references kind `{ $kind }`, which has no schema
    .help = the kinds with a schema are: { $kinds }
schema-ref-nowhere = field `{ $field }`: reference `{ $reference }` leads nowhere: { $why }
    .help = a reference is the kind, then the fields down to the text names: `RegionRegistry.regions.name`
schema-ref-cycle = references run in a cycle: { $chain }
    .help = the names must come from a field that is not itself a reference
schema-kind-twice = kind `{ $kind }` has a second schema; the first is { $first }
    .help = keep one schema file per kind

## the type of a schema field
type-error-empty = the type is empty; write `text`, `integer`, `number`, `boolean`, `list of …`, `map of text to …` or a record's name
type-error-extra = unexpected `{ $extra }` after `{ $type }`
type-error-expected-found = expected `{ $word }` after `{ $after }`, found `{ $found }`
type-error-expected = expected `{ $word }` after `{ $after }`
type-error-or = only `or None` may follow a type, found `or { $word }`; for one of several words, write `type: "text", one_of: ["…", "…"]`
type-error-or-none = expected `None` after `or`
type-error-early = the type ends too early
type-error-map-key = a map's keys are `text` or `integer`, not `{ $key }`
type-error-map-no-key = expected the key type after `map of`
type-error-types = the types are { $types }, or a record declared under `records`
type-error-unknown = unknown type `{ $type }`; { $hint }

## the rule API's own errors (inside a rule-error)
api-report-key = report_key(): the first argument must be a map read from the data, with the key `{ $key }`
api-report-stored-text = report() needs a value read from the data, and this text has no place in it: a text read from the data (`l.unit`) loses its place once it is stored in a variable (`let u = l.unit;`) or built by the script; pass the field itself, `report(l.unit, …)`, or the row, `report(l, …)`
api-report-computed = report() needs a value read from the data (a table, a row or a single figure); this value was computed by the script
api-report-data = report(): `data` must be an object map
api-report-related = report(): `related` must be an array of [node, message] pairs
api-report-related-entry = report(): each `related` entry must be [node, message] or #{"{"}node: .., message: ..{"}"}
api-report-related-computed = report(): a `related` node was computed by the script, not read from the data
api-report-option = report(): unknown option `{ $option }`; expected `help`, `label`, `related` or `data`
api-max-findings = rule reported more than { $max } findings (the `max_findings` bound); fix the data or narrow the rule
api-max-finding-bytes = rule reported more than { $max } bytes of text in findings (the `max_finding_bytes` bound); shorten the messages, or fix the data or narrow the rule
api-no-kinds = no table kind has a schema or a table
api-kinds-are = the kinds are: { $kinds }
api-unknown-kind = { $function }("{ $kind }"): no table of kind `{ $kind }` is loaded and it has no schema; { $hint }
api-not-a-field = `{ $key }` is not a field of `{ $record }` (kind `{ $kind }`); { $hint }
api-fields-are = its fields are: { $fields } ({ $schema })
api-member-not-a-figure = { $prefix }a member is not a figure
api-not-a-figure = { $prefix }the member `{ $key }` is a { $type }, not a figure
rhai-type-unit = ()
rhai-type-array = array
rhai-type-map = map

## import "module" in a rule
import-cycle = library modules import one another in a cycle: { $cycle }
import-too-many = more than { $max } library modules imported in one run (limits.max_modules), counting nested imports
import-not-plain = `import "{ $path }"` is outside the rules' library folder; write a name relative to `lib/`, without `..`
import-no-lib = there is no `lib` folder beside the rules to import from
import-no-module = no module `{ $path }` in the rules' library folder
import-outside = `import "{ $path }"` leads outside the rules' library folder
import-not-a-file = `import "{ $path }"` is not a regular file
api-policy = unknown policy `{ $policy }` for unassigned values; expected "skip", "zero" or "require"
api-not-figures = expected an array or an object map of figures, found { $type }
api-compare-not-a-figure = compare(): `{ $what }` is a { $type }, not a figure
api-compare-tolerance-key = compare(): unknown tolerance `{ $key }`; expected `abs` or `rel`
api-compare-tolerance = compare(): tolerance must be a number (absolute) or #{"{"}abs: .., rel: ..{"}"}
api-timestamp = `timestamp()` is not available to rules: a rule gives the same findings whenever it runs
api-not-records = expected an array or an object map of records, found { $type }
api-not-a-record = { $function }(): member `{ $key }` is a { $type }, not a record
api-relation = compare_fields(): unknown relation `{ $op }`; expected <, <=, >, >=, == or !=
api-outside-bound = outside(): `{ $what }` is a { $type }, not a figure
api-outside-value = outside(): `{ $type }` is not a figure
api-registry-not-a-map = registry(): record `{ $key }` is not an object map
api-registry-no-field = registry(): record `{ $key }` has no field `{ $field }`
api-unknown-keys = unknown_keys(): expected a map or an array of maps, found { $type }

## titles of the built-in checks (`tally rules`, `tally explain`)
rule-title-duplicate-key = a map names the same key twice
rule-title-no-schema = a table's kind has no schema
rule-title-unknown-reference = a name is not in the table it must come from
rule-title-shape = a table does not fit the schema of its kind
rule-title-unused-suppression = a suppression gives no reason or silences nothing
rule-title-invalid-suppression = a `tally:` comment is not a valid suppression

## config-error in checks files (`*.checks.ron`)
checks-not-ron = checks file is not valid RON: { $message }
    .help = fix the RON syntax; a checks file is `Checks([ (id: "…", …), … ])` (docs/checks.md)
checks-not-checks = a checks file starts with `Checks(`, not `{ $name }(`
    .help = write `Checks([ (id: "…", …), … ])`
checks-not-a-list = a checks file holds `Checks([ … ])`: a list of checks
    .help = write `Checks([ (id: "…", severity: "error", title: "…", kind: "…", each: "…", check: "…", message: "…"), ])`
checks-list = `Checks(…)` holds a list of checks in `[ … ]`
    .help = write `Checks([ ( … ), ( … ) ])`
checks-unusable = this check cannot be used
checks-text = `{ $what }` must be text in quotes
    .help = write `{ $what }: "…"`
checks-parens = a check is written in parentheses: `(id: "…", …)`
    .help = the fields of a check are: { $fields }
checks-not-a-field = `{ $field }` is not a field of a check
    .help = the fields of a check are: { $fields }
checks-no-id = a check has no `id`
    .help = add `id: "kebab-case-id"`, naming the defect it finds
checks-id-not-kebab = check id `{ $id }` is not kebab-case
    .help = ids are lower-case letters, digits and single dashes, starting with a letter, e.g. `leqing-rank-target`
checks-id-reserved = check id `{ $id }` is reserved for tally's own findings
    .help = choose an id that names the defect the check finds
checks-id-twice = check id `{ $id }` is declared twice in this file
    .help = give each check its own id
checks-missing = check `{ $id }` has no `{ $name }`
checks-missing-help = add `{ $name }: { $hint }`
checks-hint-severity = "error" (or "warning", "info")
checks-hint-title = "…" (one line: what it checks)
checks-hint-kind = "TargetTable" (the kind of the tables it checks)
checks-hint-check = "high >= standard" (true when the record is right)
checks-hint-message = "…{"{"}field{"}"}…" (what is wrong, with the record's figures)
checks-severity = `{ $value }` is not a severity
    .help = write "error", "warning" or "info"
checks-broken-schema = the schema of kind `{ $kind }` has errors, so check `{ $id }` cannot be read against it
    .help = fix the schema's `config-error`s first
checks-no-schemas = `{ $folder }` holds no schema; a check reads its field names from the kind's schema
checks-kinds-are = the kinds with a schema are: { $kinds }
checks-no-schema = kind `{ $kind }` has no schema
checks-not-compiled = check `{ $id }` could not be compiled: { $why }
    .help = this is a bug in tally; please report it with the check
checks-each-no-fields = `each` walks into nothing at `{ $step }`: { $what } is { $type }, which has no fields
    .help = end `each` at `{ $walked }`; the element is then `value`
checks-each-not-a-field = `each` walks into nothing at `{ $step }`: it is not a field of `{ $record }` (kind `{ $kind }`)
checks-fields-are = the fields of `{ $record }` are: { $fields } ({ $schema })
checks-empty = `{ $what }` of check `{ $id }` is empty
    .help = write a condition, e.g. `high >= standard`
checks-unknown-name = `{ $name }` in `{ $what }` of check `{ $id }` is not a field of the records of `{ $kind }`
checks-names-are = the names are: { $names } ({ $schema })
checks-does-not-parse = `{ $what }` of check `{ $id }` does not parse at column { $column }: { $why }
    .help = write a Rhai expression: `high >= standard`, `unit == "%" && value != ()`; text in double quotes (`\"` inside the RON string)
checks-unknown-field = `{ $field }` in `{ $what }` of check `{ $id }` is not a field of `{ $record }` (kind `{ $kind }`)
checks-unclosed = `{ $what }` of check `{ $id }` opens a `{"{"}` that is not closed
    .help = write `{"{"}field{"}"}`, or `{"{"}{"{"}` for a brace itself
checks-unopened = `{ $what }` of check `{ $id }` closes a `{"}"}` that was not opened
    .help = write `{"}"}{"}"}` for a brace itself
checks-at-unknown = `{ $what }` of check `{ $id }` names `{ $name }`, which is not a field of the records of `{ $kind }`
    .help = the names are: { $names }
checks-at-no-fields = `{ $what }` of check `{ $id }`: `{ $name }` is { $type }, which has no field `{ $field }`
    .help = name a field of the record
checks-at-not-a-field = `{ $what }` of check `{ $id }`: `{ $field }` is not a field of `{ $record }`
    .help = the fields of `{ $record }` are: { $fields }
checks-related-list = `related` of check `{ $id }` must be a list of (field, message) pairs
    .help = write `related: [("standard", "标线 {"{"}standard{"}"}")]`: a field of the record and a message
checks-related-entry = an entry of `related` of check `{ $id }` must be a (field, message) pair
    .help = write `related: [("standard", "标线 {"{"}standard{"}"}")]`: a field of the record and a message
checks-related-key = `related` of check `{ $id }` cannot point at `key`
    .help = name a field of the record
checks-data-map = `data` of check `{ $id }` must be a map of names to expressions
    .help = write `data: {"{"}"imbalance": "high - standard"{"}"}`
checks-mixed = `{ $what }` of check `{ $id }` compares { $left } `{ $left_text }` with { $right } `{ $right_text }`: `{ $op }` between them is always { $always }
checks-mixed-help-text = compare text with text in quotes (`region == "乐清市"`) and a figure with a number (`target_rank <= 6`, no quotes)
checks-mixed-help-truth = compare a truth with `true` or `false` (`additive == true`, or just `additive`) and a figure with a number
checks-class-text = text
checks-class-figure = the figure
checks-class-truth = the truth
checks-class-none = {""}
