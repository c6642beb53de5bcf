# 命令行在报告、各子命令和 `--help` 之外说的话：用法错误（英文界面沿用 clap
# 自己的英文，这些键供其他语言使用）、引擎的设置错误、JUnit、`tally schema`。

## usage errors
usage-unknown-argument = 无法识别的参数 `{ $arg }`
usage-unknown-subcommand = 无法识别的子命令 `{ $name }`
usage-missing-value = `{ $arg }` 需要一个值，但没有给出
usage-invalid-value = `{ $arg }` 的值 `{ $value }` 无效
usage-value-validation = `{ $arg }` 的值 `{ $value }` 无效：{ $why }
usage-missing-required = 缺少必需的参数：{ $args }
usage-missing-subcommand = `{ $name }` 后面需要一个子命令
usage-repeated = 参数 `{ $arg }` 只能使用一次
usage-conflict = 参数 `{ $arg }` 不能与 { $other } 同时使用
usage-no-equals = 给 `{ $arg }` 赋值时需要用等号：`{ $arg }=…`
usage-too-many-values = `{ $arg }` 多出了值 `{ $value }`，它不接受更多的值
usage-number-of-values = `{ $arg }` 需要 { $expected } 个值，实际给了 { $actual } 个
usage-invalid-utf8 = 参数中有无效的 UTF-8 字符
usage-possible-values = [可选值：{ $values }]
usage-subcommands = [子命令：{ $names }]
usage-similar-subcommands = 相近的子命令有：{ $names }
usage-similar = 是不是要写 { $names }？
usage-tip-dashes = 如果 `{ $arg }` 是要传入的值，请写成 `-- { $arg }`
usage-tip = 提示：{ $tip }
usage-more = 更多信息请加 `--help` 查看

## setup errors (exit code 2)
engine-missing-path = `{ $path }` 不存在
    .help = 请检查路径，或在 `data/` 和 `rules/` 所在的文件夹（或有 `tally.ron` 指明它们的文件夹）中运行 tally
engine-unknown-rule = 规则 `{ $id }` 不存在
engine-empty-selection = `--select` 中没有写规则，这样不会运行任何规则
    .help = 请写出规则 id（`tally rules` 会列出所有规则），或者不用 `--select`，运行全部规则
engine-no-rules = 规则文件夹 `{ $path }` 中没有规则（`*.rhai`）
    .help = 请检查路径；`tally new rule ID` 可以写出第一条规则
engine-outside = `{ $path }` 是指向项目之外的符号链接，不予读取
    .help = tally 只读取项目自己的文件夹；要检查项目外的文件夹，请在命令行中给出它
baseline-not-a-file = 基线 `{ $file }` 不是普通文件
baseline-missing = 基线 `{ $file }` 不存在；可用 `tally check --write-baseline { $file }` 写出
baseline-missing-named = 基线 `{ $file }`（tally.ron 中指定）不存在；可用 `tally check --write-baseline { $file }` 写出
baseline-outside = 基线 `{ $file }` 在项目之外（或链接到项目之外），不予读取
baseline-unreadable = 无法读取基线：{ $why }
baseline-invalid = 基线 `{ $file }` 无效：{ $why }

## JUnit (`tally check --format junit`, `tally test --format junit`)
junit-case-at = { $rule }（第 { $line } 行第 { $column } 列）
junit-body = { $position }{ $severity }：{ $message }
junit-error = 错误
junit-warning = 警告
junit-info = 提示
junit-help = 建议：{ $help }
junit-note = 注：{ $note }
junit-orphan = 没有规则使用这个 id
junit-orphan-detail = 没有规则的 id 是 `{ $id }`

## tally schema
schema-not-a-file = `{ $file }` 不是文件
schema-none-infer = `{ $folder }` 中没有 schema；`tally schema infer FILE` 可根据一个表起草一份
schema-none = `{ $folder }` 中没有 schema
schema-folder-empty = `{ $folder }` 中没有 schema
schema-kinds-are = 已有 schema 的表种：{ $kinds }
schema-unknown-kind = 表种 `{ $kind }` 没有 schema；{ $hint }
schema-broken-note = 有 { $count } 个 schema 错误；`tally schema check` 会列出它们
schema-check-ok = `{ $folder }` 中的 { $count } 个 schema 都没有错误：{ $kinds }
schema-show-table = { $record }（表本身）
schema-show-key = ，键为 `{ $key }`
schema-show-description = ：{ $description }
schema-show-optional = ，可省略
schema-column-field = 字段
schema-column-type = 类型
schema-column-unit = 单位
schema-column-allowed = 取值
schema-column-description = 说明
schema-allowed-range = { $min } 至 { $max }
schema-allowed-one-of = 取值之一：{ $words }
schema-allowed-names = 取自 { $reference } 的名称
schema-allowed-keys = 键取自 { $reference }
schema-allowed-separator = ；

## check --changed-since, --format xlsx, watch
changed-no-git = `--changed-since` 需要 git，但无法运行 git：{ $error }
changed-not-a-repository = `--changed-since { $rev }`：`{ $folder }` 不在 git 仓库中
changed-unknown-revision = `--changed-since { $rev }`：git 中没有版本 `{ $rev }`（请先 fetch，或写出分支、标签或提交）
render-xlsx-needs-output = `--format xlsx` 输出的是工作簿：请加上 `--output FILE.xlsx`
watch-ctrl-c = 无法处理 Ctrl-C：{ $error }
