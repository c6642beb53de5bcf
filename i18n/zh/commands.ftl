# 各子命令在报告之外说的话。

## check
check-wrote-baseline = 已把 { $findings } 写入基线 `{ $file }`
check-findings = { $count } 个问题
check-baseline-not-written = 没有写入基线 `{ $file }`：检查未能完成（见上面的问题）
check-wrote-report = 已把报告写入 `{ $file }`

## rules, explain
rules-built-in = （内置）
explain-built-in = 内置
explain-defined-in = 定义于：{ $origin }

## new
new-wrote = 已写入 { $file }
new-next = 下一步：修改 `{ $file }`，让它检查你要检查的内容，并让样例体现出来，
new-next-test = 然后运行 `tally test { $id }`（`--update` 会记录失败样例的新结果）和 `tally check`

new-invalid-id = `{ $id }` 不是有效的规则 id：id 用短横线连接的小写形式（小写字母、数字和单个短横线，以字母开头），并说出缺陷是什么，例如 `breakdown-over-high`
new-builtin-id = `{ $id }` 是内置检查的 id；请换一个
new-exists = `{ $file }` 已经存在；`tally new` 不会覆盖文件
new-fixtures-exist = `{ $file }` 中已有样例；`tally new` 不会覆盖文件
new-declared-elsewhere = 规则 `{ $id }` 已由 `{ $file }` 声明
new-fails-own-fixtures = 新规则在这里通不过它自己的样例（{ $why }）；`tally test { $id }` 会说明原因

## test
test-ok = 通过
test-fail = 失败
test-error = 出错
test-updated = 已更新
test-updated-file = 已更新 { $file }
test-found-recorded = 实际结果（已记录）
test-found = 实际结果
test-expected = 预期（{ $file }）
test-rule-unusable = 该规则无法使用，未运行它的样例
test-orphan = 没有规则的 id 是 `{ $id }`；请把文件夹改名为对应规则的 id，或删除它
test-see-them = 用 `tally check { $file } --select { $rule }` 查看这些问题
test-update-hint = 如果规则现在是对的，`tally test { $rule } --update` 会把它的结果记录到 `{ $file }`
test-passed = { $count } 个通过
test-updated-count = { $count } 个已更新
test-failed = { $count } 个失败
test-could-not-run = { $count } 个无法运行
test-fixtures = { $count } 个样例
test-summary = { $rules }，{ $fixtures }：{ $parts }
test-rules-unusable = { $rules }无法使用
test-fixture-problems = { $count } 个样例问题

## watch
watch-checked = 已检查
watch-checked-again = 已重新检查
watch-checked-after = { $files } 改动后已重查
watch-more = 另 { $count } 个
watch-and = { $rest } 和 { $last }
watch-status = [{ $time }] { $what }，{ $ms } 毫秒 · 监视 { $watching }（Ctrl-C 停止）
watch-new-mark = 新
watch-new-count = 比上次多 { $count } 个新问题
watch-fixed-heading = 上次以来已修正：
watch-fixed-count = { $count } 个已修正
watch-rule-failures = { $count } 条规则运行失败（规则本身有问题，不是数据问题）
watch-data-findings = 数据：{ $counts }
watch-baseline-not-applied = 未应用基线：{ $why }
watch-more-above = ↑ 上面还有 { $count } 个问题

## failures (exit code 2)
failure-error = 错误：{ $message }
failure-cannot-write = 错误：无法写出结果：{ $error }
failure-cwd = 无法读取当前目录：{ $error }
failure-lang = `--lang` 中的语言 `{ $lang }` 未知；请用 `zh` 或 `en`

## check: where the outputs go
check-output-ron = 不把报告写入 `{ $file }`：`.ron` 或 `.rhai` 文件可能是数据、规则或 tally.ron（请起类似 `report.html` 的名字）
check-output-folder = 不把报告写入 `{ $file }`：这是一个文件夹（请给出文件名，如 `report.html`）
check-baseline-needs-file = `--write-baseline` 需要一个文件名，或在 tally.ron 中写 `baseline: "tally-baseline.json"`
check-baseline-ron = 基线是 JSON，不写入 `.ron` 文件（它可能是数据）：请起类似 `tally-baseline.json` 的名字，而不是 `{ $file }`
check-baseline-not-a-file = `{ $file }` 已存在且不是普通文件；不覆盖它（请换一个名字）
check-baseline-not-a-baseline = `{ $file }` 已存在且不是 tally 基线；不覆盖它（请删除它，或换一个名字）

## writing files (new, check --write-baseline, --output)
write-refuse-link = 不写入 `{ $file }`：它是符号链接；tally 不通过链接写文件
write-refuse-not-a-file = 不写入 `{ $file }`：它已存在且不是普通文件
write-failed = 无法写入 `{ $file }`：{ $error }
write-project-unreadable = 无法读取项目文件夹：{ $error }
write-refuse-outside = 不写入 `{ $folder }`：它在项目之外（经由符号链接或路径本身）；tally 只在项目之内写文件
write-create-failed = 无法创建 `{ $folder }`：{ $error }

## new check
new-check-invalid-id = `{ $id }` 不是有效的检查 id：id 用短横线连接的小写形式（小写字母、数字和单个短横线，以字母开头），并说出缺陷是什么，例如 `rank-target-too-low`
new-check-file = `--file { $name }` 应是规则文件夹中的文件名
new-check-append = `{ $file }` 不是以 `])` 结尾；请手工加入这条检查：
    { $entry }
new-check-fails-own-fixtures = 新检查在这里通不过它自己的样例（{ $why }）；`tally test { $id }` 会说明原因
new-check-next = 下一步：修改 `{ $file }` 中的检查 `{ $id }`，让它检查你要检查的内容（见 docs/checks.md），
new-kind-no-schemas = `{ $folder }` 中没有 schema；`tally schema infer FILE` 可以起草一份
