# `--help` 的中文（键与 i18n/en/cli.ftl 相同，见 cli/src/help.rs）。

cli-usage = 用法：
cli-options = 选项
cli-arguments = 参数
cli-values = 可选：{ $values }
cli-default = 默认：{ $value }
cli-extra = （{ $extra }）
cli-commands = 命令

cli = 用规则（Rhai 脚本）检查 RON 目标表
    .long = 用规则（Rhai 脚本）检查 RON 目标表。

    tally 读取 `data/` 中的表和 `rules/` 中的规则（或项目根目录 `tally.ron` 指定的位置），把每个问题指到 RON 文件中出错的那个值。

cli--color = 何时使用颜色：`auto` 在终端上使用，除非设置了 `NO_COLOR`

cli--lang = tally 使用的语言：`zh`（中文）或 `en`。默认：tally.ron 中的 `lang`，否则按系统语言（`LANG=zh_CN.UTF-8` 为中文）

cli--help = 显示帮助（`--help` 显示更多）
    .long = 显示帮助（`-h` 显示摘要）

cli--version = 显示版本

cli-check = 用所有规则检查数据；退出码 0（无问题）、1（有问题）或 2（无法检查）

cli-check--paths = 数据文件或文件夹（默认：项目的 `data/`）

cli-check--rules = 规则文件夹（默认：项目的 `rules/`）

cli-check--select = 只运行这些规则（逗号分隔的 id）

cli-check--ignore = 不运行这些规则（逗号分隔的 id）

cli-check--format = 输出格式

cli-check--fail-on = 有问题达到或超过这个严重程度时退出码为 1

cli-check--output = 把结果写入 FILE 而不是标准输出，任何格式都可以（`--format html -o report.html` 生成一个可发送的网页）。FILE 必须在项目内，会被整个替换，不会经过符号链接，也不会覆盖 `.ron` 或 `.rhai` 文件；文件中不含颜色

cli-check--stats = 显示每条规则的用时

cli-check--show-suppressed = 同时列出被 `// tally: allow(…)` 注释放行的问题

cli-check--baseline = 只有不在这个基线文件中的问题才算失败，并列出已从基线中消失的问题（默认：tally.ron 的 `baseline`）

cli-check--no-baseline = 不使用 tally.ron 指定的基线

cli-check--write-baseline = 把当前的问题记入基线文件（默认：tally.ron 的 `baseline`）并以 0 退出；以后用 `--baseline` 检查时只有新问题才算失败

cli-check--changed-since = 只报告自 git 版本 REF（它与 HEAD 的合并基点；未提交的改动也算）以来改动过的行上的问题；每条规则仍能看到全部数据

cli-watch = 数据或规则一有改动就重新检查

cli-watch--paths = 数据文件或文件夹（默认：项目的 `data/`）

cli-watch--rules = 规则文件夹（默认：项目的 `rules/`）

cli-watch--select = 只运行这些规则（逗号分隔的 id）

cli-watch--ignore = 不运行这些规则（逗号分隔的 id）

cli-watch--format = 输出格式：每次一屏，或每次一行 JSON

cli-watch--baseline = 只显示不在这个基线文件中的问题（默认：tally.ron 的 `baseline`）；每次都重新读取

cli-watch--no-baseline = 不使用 tally.ron 指定的基线

cli-rules = 列出规则：id、严重程度、标题、文件

cli-rules--rules = 规则文件夹（默认：项目的 `rules/`）

cli-test = 用样例检验每条规则；退出码 0（全部通过）、1（有样例失败）或 2（无法运行）

cli-test--ids = 只检验这些规则（默认：全部规则）

cli-test--rules = 规则文件夹（默认：项目的 `rules/`）

cli-test--format = 输出格式

cli-test--update = 先显示差异，再按当前结果改写失败样例的预期文件

cli-new = 写出新规则或新检查及其样例：`tally new rule ID`、`tally new check ID --kind KIND`

cli-new-rule = 写出规则文件 `rules/ID.rhai`（带注释的骨架）以及一个通过样例和一个失败样例（含预期结果），`tally test` 立即就能通过

cli-new-rule--id = 规则 id：短横线连接的小写形式，说出缺陷是什么（`breakdown-over-high`）

cli-new-rule--rules = 规则文件夹（默认：项目的 `rules/`）

cli-new-help = 显示本说明或指定子命令的帮助

cli-new-help-rule = 写出规则文件 `rules/ID.rhai`（带注释的骨架）以及一个通过样例和一个失败样例（含预期结果），`tally test` 立即就能通过

cli-new-help-help = 显示本说明或指定子命令的帮助

cli-explain = 显示一条规则的说明

cli-explain--id = 规则 id，例如 `breakdown-sum-mismatch`

cli-explain--rules = 规则文件夹（默认：项目的 `rules/`）

cli-completions = 把 shell 补全脚本输出到标准输出

cli-completions--shell = shell 的种类

cli-man = 把手册页（roff）输出到标准输出

cli-help = 显示本说明或指定子命令的帮助

cli-help-check = 用所有规则检查数据；退出码 0（无问题）、1（有问题）或 2（无法检查）

cli-help-watch = 数据或规则一有改动就重新检查

cli-help-rules = 列出规则：id、严重程度、标题、文件

cli-help-test = 用样例检验每条规则；退出码 0（全部通过）、1（有样例失败）或 2（无法运行）

cli-help-new = 写出新规则或新检查及其样例：`tally new rule ID`、`tally new check ID --kind KIND`

cli-help-new-rule = 写出规则文件 `rules/ID.rhai`（带注释的骨架）以及一个通过样例和一个失败样例（含预期结果），`tally test` 立即就能通过

cli-help-explain = 显示一条规则的说明

cli-help-completions = 把 shell 补全脚本输出到标准输出

cli-help-man = 把手册页（roff）输出到标准输出

cli-help-help = 显示本说明或指定子命令的帮助

cli-new-rule--kind = 按此表种的记录写规则，使用其真实字段名，并生成该表种的样例（来自 `schemas/KIND.ron`）

cli-schema = 表种及其 schema：`tally schema infer FILE…`、`show KIND`、`check`

cli-schema-infer = 根据数据为 FILE…（同一表种的表）的表种推断出 schema 草稿并打印；重定向到 `schemas/KIND.ron`，确认无误后再保留

cli-schema-infer--files = 同一表种的数据文件

cli-schema-infer--rules = 规则目录（默认：项目的 `rules/`）

cli-schema-show = 打印 KIND 的字段（名称、类型、单位、说明）：规则能读取的内容。不写 KIND 则列出所有表种

cli-schema-show--kind = 表种，例如 `TargetTable`

cli-schema-show--rules = 规则目录（默认：项目的 `rules/`）

cli-schema-check = 只检查 schema 文件；退出码 0（有效）或 2（有错误，各在其位置）

cli-schema-check--rules = 规则目录（默认：项目的 `rules/`）

cli-schema-help = 打印本说明或指定子命令的说明

cli-schema-help-infer = 根据数据为 FILE…（同一表种的表）的表种推断出 schema 草稿并打印；重定向到 `schemas/KIND.ron`，确认无误后再保留

cli-schema-help-show = 打印 KIND 的字段（名称、类型、单位、说明）：规则能读取的内容。不写 KIND 则列出所有表种

cli-schema-help-check = 只检查 schema 文件；退出码 0（有效）或 2（有错误，各在其位置）

cli-schema-help-help = 打印本说明或指定子命令的说明

cli-lsp = 通过标准输入输出提供语言服务器协议（供编辑器使用：docs/lsp.md）

cli-lsp--stdio = 经标准输入输出通信（唯一的传输方式；编辑器会传入此参数）

cli-help-schema = 表种及其 schema：`tally schema infer FILE…`、`show KIND`、`check`

cli-help-schema-infer = 根据数据为 FILE…（同一表种的表）的表种推断出 schema 草稿并打印；重定向到 `schemas/KIND.ron`，确认无误后再保留

cli-help-schema-show = 打印 KIND 的字段（名称、类型、单位、说明）：规则能读取的内容。不写 KIND 则列出所有表种

cli-help-schema-check = 只检查 schema 文件；退出码 0（有效）或 2（有错误，各在其位置）

cli-help-lsp = 通过标准输入输出提供语言服务器协议（供编辑器使用：docs/lsp.md）

cli-new-check = 以数据写出的检查，追加到 `rules/checks.checks.ron`（或 `--file` 指定的文件），针对某表种的记录，使用其真实字段名，并附一个通过样例和一个失败样例

cli-new-check--id = 检查 id：短横线连接的小写形式，说出缺陷是什么（`rank-target-too-low`）

cli-new-check--kind = 所检查的表种（来自 `schemas/KIND.ron`）

cli-new-check--file = 规则目录中的检查文件（`NAME.checks.ron`）

cli-new-check--rules = 规则文件夹（默认：项目的 `rules/`）

cli-new-help-check = 以数据写出的检查，追加到 `rules/checks.checks.ron`（或 `--file` 指定的文件），针对某表种的记录，使用其真实字段名，并附一个通过样例和一个失败样例

cli-help-new-check = 以数据写出的检查，追加到 `rules/checks.checks.ron`（或 `--file` 指定的文件），针对某表种的记录，使用其真实字段名，并附一个通过样例和一个失败样例

cli-import = 读取工作簿（.xlsx、.xls、.ods、.csv），按某表种写成 RON 表

cli-import--book = 工作簿：.xlsx、.xls、.ods 或 .csv（只读，从不写入）

cli-import--sheet = 要读取的工作表；可重复多次（默认：`breakdown` 读所有可见工作表，`records` 读第一个可见工作表）

cli-import--kind = 要写出的表种（`schemas/` 中的 schema），例如 `TargetTable`

cli-import--layout = 工作表中表格的排列方式

cli-import--output = 将 RON 写到项目内的 FILE，而不是标准输出

cli-import--force = FILE 已存在时覆盖它

cli-import--rules = 规则文件夹（默认：项目的 `rules/`）

cli-export = 将 RON 表写成 .xlsx 工作簿，版式与 `tally import` 读回的一致

cli-export--file = 要导出的 RON 表

cli-export--output = 要写出的工作簿（.xlsx），在项目内

cli-export--force = BOOK 已存在时覆盖它

cli-export--rules = 规则文件夹（默认：项目的 `rules/`）

cli-help-import = 读取工作簿（.xlsx、.xls、.ods、.csv），按某表种写成 RON 表

cli-help-export = 将 RON 表写成 .xlsx 工作簿，版式与 `tally import` 读回的一致
