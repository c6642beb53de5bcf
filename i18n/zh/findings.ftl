# tally 在解析和放行注释之外自己报告的问题：schema 检查（`shape`、
# `unknown-reference`、`no-schema`）、`io`、`config-error`、`rule-error`，
# 以及 `tally test` 对样例的判定。

## shared
did-you-mean = 是不是要写 `{ $name }`？
did-you-mean-then = 是不是要写 `{ $name }`？{ $otherwise }
list-separator = 、
rules-listed = `tally rules` 会列出所有规则

## types of a schema, in messages
type-text = 文本
type-integer = 整数
type-number = 数值
type-boolean = 是否值
type-list = 由{ $item }组成的列表
type-map = 从{ $key }到{ $value }的映射
type-record = 记录
type-record-named = `{ $name }` 记录
type-or-none = { $inner }（可为 None）
type-or-none-grouped = { $inner }（可为 None）

## shape
shape-place-field = `{ $field }`{" "}
shape-place-member = `{ $field }` 的每个成员
shape-place-value = `{ $field }` 的每个值
shape-place-key = `{ $field }` 的每个键
shape-record-name = 这里应是 `{ $record }` 记录，却写成了 `{ $name }(…)`
    .help = 请写成 `{ $record }(…)`，或只写 `(…)`
shape-unknown-field = `{ $record }` 中没有字段 `{ $field }`
    .label = 此字段
    .help = `{ $record }` 的字段有：{ $fields }（见 { $schema }）
shape-missing-field = `{ $record }` 缺少字段 `{ $field }`
    .label = 此记录
shape-missing-field-help = 请补上 `{ $field }: …`（{ $described }）
shape-missing-field-help-described = 请补上 `{ $field }: …`（{ $described }，{ $description }）
shape-missing-field-help-none = { $help }；尚未确定的值写 `None`
shape-unassigned = { $place }应为{ $described }，不能空缺
    .help = 请填上这个值；如果允许空缺，请在 { $schema } 中把类型声明为 `{ $declared } or None`
shape-not-a-word = { $place }为 `{ $value }`，不是允许的取值
    .label = 不是允许的取值
    .help = 允许的取值有：{ $words }
shape-below = { $place }为 { $value }，低于允许的最小值 { $bound }
shape-above = { $place }为 { $value }，高于允许的最大值 { $bound }
shape-allowed-between = 在 { $min } 至 { $max } 之间
shape-allowed-min = 不低于 { $min }
shape-allowed-max = 不高于 { $max }
shape-range-help = 请核对数字；{ $schema } 规定 `{ $field }` 的取值{ $allowed }
    .label = 超出范围
shape-wrong-type = { $place }应为{ $described }，这里是{ $found }
shape-help-unquote = 数字不要加引号：`{ $figure }`
shape-help-whole = 请写整数；`{ $literal }` 带有小数
shape-help-quote = 文本要加引号：`"{ $literal }"`
shape-help-record = `{ $record }` 写作 `(…)`，字段有：{ $fields }
shape-help-declared = 类型见 { $schema } 中的声明
shape-found-bytes = 字节串
shape-found-text = 文本 `{ $literal }`
shape-found-integer = 整数 `{ $literal }`
shape-found-number = 数字 `{ $literal }`
shape-found-literal = `{ $literal }`
shape-found-char = 字符 `{ $literal }`
shape-found-list = 列表 `[…]`
shape-found-map = 映射 `{"{"}…{"}"}`
shape-found-record = 记录 `(…)`
shape-found-tuple = 元组 `(…)`
shape-found-other = 其他内容

## figures no table may hold
number-nan = `{ $literal }` 不是数字
number-infinite = `{ $literal }` 不是有限的数
number-float-range = `{ $literal }` 超出了 64 位浮点数的范围（会读作无穷大）
number-integer-range = 整数 `{ $literal }` 超出了 64 位整数的范围（会被舍入，读作 { $value }）
number-help-write = 请写出数字；尚未确定的值写 `None`
number-help-check = 请核对数字；统计数字不会这么大

## no-schema
no-schema-no-kind = 这个表的根没有写表种名，因此没有 schema 能检查它，规则的 `tables(kind)` 也找不到它
    .label = 没有表种名
    .help = 请在表的开头写明表种名，如 `TargetTable(` 或 `ProgressReport(`，并为这个表种写一个 schema
no-schema-kind = 表种 `{ $kind }` 没有 schema，它的表的结构不受检查
    .label = 没有 schema
    .help = 请编写 `{ $folder }/{ $kind }.ron`；`tally schema infer { $path } > { $folder }/{ $kind }.ron` 可根据这个表起草一份

## unknown-reference
reference-no-table = `{ $field }` 的取值应是 `{ $reference }` 中的名称，但没有载入表种为 `{ $kind }` 的表，无法核对
    .help = 请把 `{ $kind }` 表加入数据，或从 `{ $schema }` 的 schema 中去掉 `references`
reference-unknown = `{ $field }` 中的 `{ $name }` 不是 { $kind } 中的名称（{ $reference }）
    .label = 未知的值
    .label-key = 未知的键
    .help = 名称以 `{ $reference }` 为准；新名称须先加到那里

## io
io-this-file = 此文件
io-unreadable = 无法读取 `{ $name }`：{ $error }
    .help = 请检查路径是否为可读的文件
io-too-large = `{ $name }` 大小为 { $size }，超过了单个文件的上限 { $max }
    .help = 请拆分文件，或在 tally.ron 中调高 `limits.max_file_size`（字节）
io-not-a-file = `{ $name }` 不是普通文件
    .help = tally 只读取普通文件；请删除它，或改名使它不以 tally 查找的扩展名结尾
io-outside = `{ $name }` 是指向 `{ $folder }` 之外的符号链接，不予读取
    .help = tally 只读取所检查文件夹之内的内容；请把文件复制进来，或把它所在的文件夹作为检查路径
io-bytes = { $count } 字节
io-error-not-found = 文件或文件夹不存在
io-error-permission = 没有读取权限
io-error-is-a-directory = 这是一个文件夹
io-error-not-a-directory = 路径中有一部分不是文件夹
io-error-invalid-data = 内容不是有效的 UTF-8

## config-error (tally.ron)
config-dangling-link = `{ $name }` 是一个指向不存在目标的符号链接
    .help = 请删除这个链接，或换成一个文件
config-unreadable = 无法读取 `{ $name }`：{ $error }
    .help = 请检查该文件是否可读
config-not-a-file = `{ $name }` 不是普通文件
    .help = tally.ron 是项目的配置文件；请删除或改名占用这个名字的东西
config-outside-link = `{ $name }` 是指向其所在文件夹之外的符号链接，不予读取
    .help = tally 只读取项目自己的文件；请把配置文件复制到项目中
config-too-large = `{ $name }` 超过了 { $kib } KiB
    .help = 配置文件通常只有几行；请确认是不是这个文件
config-not-ron = `{ $name }` 不是有效的 RON：{ $message }
config-unknown-key = `{ $name }` 中的键 `{ $key }` 未知
    .label = 未知的键
    .help = 可用的键有：{ $keys }
config-invalid = `{ $name }` 有误：{ $message }
config-lang = 界面语言 `{ $lang }` 未知
    .label = tally 不支持这种语言
    .help = 请写 `lang: "zh"`（中文）或 `lang: "en"`（English），或者不写，按系统区域设置
config-empty-path = `{ $key }` 给出的路径为空
    .label = 空路径
    .help = 请写出项目内的文件夹或文件，或者不写这个键，使用默认值
config-outside = `{ $key }` 给出的 `{ $path }` 在 tally.ron 所在文件夹之外
    .label = 在项目之外
    .help = tally.ron 只能给出其所在文件夹之内的路径；项目外的路径请在命令行中给出
config-too-deep = `limits.{ $key }` 为 { $value }，超过了上限 { $max }
    .label = 嵌套过深
    .help = 最多为 { $max }：嵌套再深，运行规则的线程会栈溢出，而不是以 rule-error 停下
config-empty-select = `select` 中没有写规则，这样不会运行任何规则
    .label = 空列表
    .help = 请写出要运行的规则（`tally rules` 会列出所有规则），或者不写 `select`，运行全部规则
config-severity = `{ $id }` 的严重程度 `{ $value }` 无效
    .label = 不是有效的严重程度
    .help = 严重程度只能是 "error"、"warning" 或 "info"
config-severity-expected = `{ $id }` 的严重程度 `{ $value }` 无效；应为 error、warning 或 info
config-no-such-file = `per_file_ignores` 中的 `{ $file }` 不存在
    .label = 文件不存在
    .help = 路径相对于 tally.ron 所在的文件夹；请改正路径或删除这一项
config-unknown-rule = `{ $name }` 中的规则 `{ $id }` 不存在
    .label = 未知规则

## rule-error
rule-here = 此处
rule-imported-here = 在此导入
rule-called-here = 在此调用
rule-compiler-crashed = 规则编译器处理这条规则时崩溃了
rule-meta-help = 一条规则要声明 `const ID = "kebab-case-id";`、`const SEVERITY = "error";`（或 warning、info）、`const TITLE = "…";`、`//!` 说明行，以及 `fn check(data) {"{"} … {"}"}`
rule-unclosed-brace = 规则 `{ $rule }` 无法编译：这个 `{"{"}` 没有闭合
    .label = 在此打开，没有闭合
    .help = 请在块结束处补上 `{"}"}`，如果是误输入则删除这个 `{"{"}`；其他规则照常运行
rule-does-not-compile = 规则 `{ $rule }` 无法编译：{ $why }
    .help = 请修正脚本的语法；其他规则照常运行
rule-no-id = 规则文件 `{ $rule }` 没有声明 `const ID`
rule-id-not-kebab = 规则 id `{ $id }` 不是短横线连接的小写形式
rule-id-reserved = 规则 id `{ $id }` 已留给 tally 自己的检查使用
    .help = 请换一个能说明所查缺陷的 id，例如 `breakdown-over-high`
rule-bad-severity = 规则 `{ $id }` 的 `SEVERITY` 无效；应为 "error"、"warning" 或 "info"
rule-no-severity = 规则 `{ $id }` 没有声明 `const SEVERITY`
rule-each-table-invalid = 规则 `{ $id }` 的 `EACH_TABLE` 无效：应为加引号的表格种类，或种类的列表
    .help = 写成 `const EACH_TABLE = "TargetTable";` 或 `const EACH_TABLE = ["TargetTable", "Evaluation"];`，或者删去这一行（见 docs/writing-rules.md）
rule-no-title = 规则 `{ $id }` 没有声明 `const TITLE`
rule-no-check = 规则 `{ $id }` 没有 `fn check(data)`
rule-prints-dropped = … 另有 { $count } 行未保留（max_prints）
rule-too-many-operations = 规则 `{ $rule }` 执行的操作超过了 { $max } 次
    .help = 请检查是否有不会结束的循环；如果数据确实这么大，请在 tally.ron 中调高 `limits.max_operations`
rule-deadline = 规则 `{ $rule }` 运行超过了时限 { $ms } 毫秒
    .help = 请检查是否有不会结束的循环；如果数据确实这么大，请在 tally.ron 中调高 `limits.deadline_ms`（或 `limits.total_deadline_ms`）
rule-total-deadline = 规则 `{ $rule }` 运行超过了整个检查的总时限 { $ms } 毫秒（limits.total_deadline_ms）
    .help = 请检查是否有不会结束的循环；如果数据确实这么大，请在 tally.ron 中调高 `limits.deadline_ms`（或 `limits.total_deadline_ms`）
rule-stack-overflow = 规则 `{ $rule }` 的函数调用嵌套超过了 { $max } 层
    .help = 请检查是否有不会结束的递归
rule-data-too-large = 规则 `{ $rule }` 生成的值过大：{ $what }超出上限
    .help = 字符串、数组或映射超过了上限（`limits.max_string_size`、`max_array_size`、`max_map_size`）
rule-too-many-modules = 规则 `{ $rule }` 导入的模块超过了 { $max } 个
    .help = 请减少导入的模块
rule-module-not-found = 规则 `{ $rule }` 无法导入：{ $message }
    .help = 模块放在 `rules/lib/` 中，按名称导入：`import "helpers" as h;`
rule-function-not-found = 规则 `{ $rule }` 调用了不存在的函数：`{ $signature }`
    .help = 请检查函数名和参数类型；规则可用的函数见 README 中的规则编写指南
rule-writes-data = 规则 `{ $rule }` 试图修改数据：{ $why }
    .help = 数据对规则是只读的，这样任何规则都不会改变其他规则看到的内容；如需处理，请先把值复制到局部变量（`let m = row.to_map();`）
rule-writes-constant = 规则 `{ $rule }` 试图修改数据：{ $why }
    .help = 数据对规则是只读的，这样任何规则都不会改变其他规则看到的内容；如需处理，请先把值复制到局部变量（`let x = row.high;`）
rule-failed = 规则 `{ $rule }` 运行出错：{ $why }
    .help = 请修正这条规则；其他规则已照常运行

## Rhai's errors (English keeps Rhai's own text; these are for the other languages)
rhai-syntax = 语法错误：{ $why }
rhai-variable-exists = 变量 `{ $name }` 已经定义过
rhai-forbidden-variable = 不能使用变量名 `{ $name }`
rhai-variable-not-found = 变量 `{ $name }` 不存在
rhai-property-not-found = 属性 `{ $name }` 不存在
rhai-index-not-found = 索引 `{ $index }` 无效
rhai-function-not-found = 函数不存在：`{ $signature }`
rhai-module-not-found = 模块 `{ $name }` 不存在
rhai-unbound-this = `this` 没有绑定
rhai-type-expected = 数据类型不对，应为 `{ $expected }`
rhai-type-wrong = 数据类型不对：`{ $actual }`
rhai-type-mismatch = 数据类型不对：这里是 `{ $actual }`，应为 `{ $expected }`
rhai-not-indexable = `{ $type }` 不能用下标取值
rhai-array-bounds = 数组下标 { $index } 越界：{ $count ->
        [0] 数组为空
       *[other] 数组只有 { $count } 个元素
    }
rhai-string-bounds = 字符串下标 { $index } 越界：{ $count ->
        [0] 字符串为空
       *[other] 字符串只有 { $count } 个字符
    }
rhai-for = `for` 循环需要可以逐个取值的值（数组、映射、范围或字符串）
rhai-arithmetic = 算术错误：{ $why }
rhai-division-by-zero = 除数为零：{ $expr }
rhai-overflow = 整数溢出：{ $expr }
rhai-too-many-variables = 定义的变量太多
rhai-assign-constant = 不能修改常量 `{ $name }`
rhai-runtime = 运行时错误
rhai-break-outside-loop = `break` 只能用在循环之内
rhai-continue-outside-loop = `continue` 只能用在循环之内
rhai-large-string = 字符串长度
rhai-large-array = 数组大小
rhai-large-map = 映射大小
rhai-unexpected-eof = 脚本不完整，意外结束
rhai-unknown-operator = 未知的运算符 `{ $op }`
rhai-missing-token = 缺少 `{ $token }`，{ $why }
rhai-missing-token-rhai = 缺少 `{ $token }`（{ $rhai }）
rhai-missing-symbol = 缺少符号
rhai-duplicated-property = 映射中的属性 `{ $name }` 写了两次
rhai-duplicated-variable = 变量名 `{ $name }` 重复
rhai-variable-undefined = 变量 `{ $name }` 未定义
rhai-module-undefined = 模块 `{ $name }` 未定义
rhai-expr-expected = 这里应有{ $what }表达式
rhai-fn-missing-body = 函数 `{ $name }` 缺少函数体（`{"{"} … {"}"}`）
rhai-fn-missing-params = 函数 `{ $name }` 缺少参数列表
rhai-fn-duplicated-param = 函数 `{ $name }` 的参数 `{ $param }` 重复
rhai-fn-missing-name = 函数声明缺少函数名
rhai-invalid-lhs = 这个表达式不能被赋值
rhai-reserved = `{ $word }` 是保留字，不能用作名称
rhai-property-expected = 这里应是属性名
rhai-variable-expected = 这里应是变量名
rhai-wrong-fn-definition = 函数只能在最外层定义，不能定义在块或其他函数之内
rhai-expr-too-deep = 表达式过于复杂
rhai-unexpected = 意外的 `{ $token }`
rhai-bad-escape = 无效的转义序列 `{ $text }`
rhai-bad-number = 无效的数字 `{ $text }`
rhai-bad-char = 无效的字符 `{ $text }`
rhai-bad-identifier = 名称写得不对：`{ $text }`
rhai-unterminated-string = 字符串缺少结束的引号
rhai-for-statement-end = 用来结束这条语句
rhai-for-block-end = 用来结束这个块
rhai-for-block-start = 用来开始一个语句块
rhai-for-paren = 与表达式中的 `(` 配对
rhai-for-bracket = 与下标表达式中的 `[` 配对
rhai-for-array-items = 用来分隔数组中的各项
rhai-for-map-items = 用来分隔映射中的各项
rhai-for-call-start = 用来开始函数调用的参数列表
rhai-for-call-end = 用来结束函数调用 `{ $name }` 的参数列表
rhai-for-call-args = 用来分隔函数调用 `{ $name }` 的参数
rhai-for-params-end = 用来结束函数 `{ $name }` 的参数列表

## tally test: fixture layout and verdicts
fixture-none = 没有样例：请添加 `{ $folder }/pass.ron` 和 `{ $folder }/fail.ron`，以及 `{ $folder }/fail.{ $expected }`
fixture-not-a-case = `{ $folder }/{ $file }` 不是样例：样例名须以 `pass` 或 `fail` 开头
fixture-twice = `{ $folder }` 中有两个样例都叫 `{ $name }`（一个文件、一个文件夹）；请给其中一个改名
fixture-empty-folder = 样例文件夹 `{ $folder }/{ $file }` 中没有 `.ron` 文件
fixture-pass-expected = `{ $folder }/{ $file }`：通过样例不应报告任何问题，因此不需要预期文件；请删除它
fixture-stray-expected = `{ $folder }/{ $file }` 不属于任何样例（没有 `{ $stem }.ron` 或 `{ $stem }/`）；请删除或改名
fixture-no-pass = 没有通过样例：请添加 `{ $folder }/pass.ron`（规则认可的数据）
fixture-no-fail = 没有失败样例：请添加 `{ $folder }/fail.ron`（规则会报告的数据），然后运行 `tally test --update`
fixture-id-twice = 规则 id `{ $id }` 被多个文件声明：`{ $first }` 和 `{ $second }`
    .help = 请让每条规则有自己的 id（即去掉 `.rhai` 后的文件名）
fixture-pass-found = 通过样例不应报告任何问题，这个样例却报告了 { $count } 个
fixture-no-expected = 没有 `{ $file }`：`tally test --update` 会记录样例的实际结果
fixture-expects-none = 失败样例应至少预期一个 `{ $rule }` 的问题，但 `{ $file }` 中一个也没有
fixture-missing = 缺少 { $count } 个
fixture-unexpected = 多出 { $count } 个
fixture-and = ，

## tally schema infer
schema-infer-not-ron = { $file } 不是有效的 RON；请先改正（`tally check` 会指出位置）
schema-infer-no-kind = { $file } 的根没有写表种名；请在表的开头写明表种名，如 `ProgressReport(`
schema-infer-root = { $file }：表的根应是一个记录 `{ $kind }(字段: …)`
schema-infer-mixed = { $file } 的表种是 `{ $kind }`，其他文件是 `{ $first }`；一次只能推断一种表
schema-infer-no-file = 没有给出文件
schema-infer-header =
    // `{ $kind }` 的 schema 草稿，由 `tally schema infer` 根据 { $files } 推断。
    // 保留之前请逐行核对：类型、`optional`、`min`、`one_of` 和引用都是根据数据猜测的。
    // 请为每个字段补上 `description`（以及 `unit`）；`tally schema show { $kind }`
    // 会把它们列给编写规则的人看。

## config-error in schema files
schema-what-schema = schema
schema-what-record = 记录 `{ $name }`
schema-what-field = 字段 `{ $name }`
schema-what-titles = `titles` 的每一项
schema-what-one-of = `one_of` 的每个词
schema-text = { $what } 应是加引号的文本
    .help = 请写成 `{ $what }: "…"`
schema-number = `{ $what }` 应是数字
    .help = 请写成 `{ $what }: 0`
schema-boolean = `{ $what }` 应是 `true` 或 `false`
    .help = 请写成 `{ $what }: true`
schema-parens = { $what } 应写在括号中：`(…: …, …)`
    .help = { $what } 的字段有：{ $fields }
schema-not-a-field = `{ $field }` 不是 { $what } 的字段
    .help = { $what } 的字段有：{ $fields }
schema-map = `{ $what }` 应是映射：`{"{"}"name": …, …{"}"}`
    .help = 请写成 `{ $what }: {"{"}"name": (type: "text"){"}"}`
schema-map-name = `{ $what }` 中的名称应是加引号的文本
    .help = 请写成 `"name": …`
schema-not-ron = schema 文件不是有效的 RON：{ $message }
    .help = 请修正 RON 语法（schema 的写法见 `docs/schemas.md`）
schema-not-schema = schema 文件应以 `Schema(` 开头，而不是 `{ $name }(`
    .help = 请写成 `Schema(kind: "…", fields: {"{"}…{"}"})`
schema-no-kind = 这个 schema 没有写明 `kind`
    .help = 请补上 `kind: "TargetTable"`：它所描述的表的根名称
schema-bad-kind = `{ $kind }` 不能作为表种名：表的根名称只能由字母、数字和 `_` 组成
    .help = 请写出表开头的名称，例如 `kind: "ProgressReport"`
schema-no-fields = `{ $kind }` 的 schema 没有 `fields`
    .help = 请补上 `fields: {"{"}"name": (type: "text"), …{"}"}`
schema-record-no-fields = 记录 `{ $name }` 没有 `fields`
    .help = 请补上 `fields: {"{"}"name": (type: "text"), …{"}"}`
schema-record-twice = 记录 `{ $name }` 声明了两次（或与表种同名）
    .help = 请给每个记录起不同的名称
schema-bad-key = 键 `{ $key }` 不是 `{ $record }` 的字段
    .help = 键应是该记录的某个字段
schema-field-no-type = 字段 `{ $name }` 没有 `type`
    .help = 请补上 `type: "text"`（或 integer、number、boolean、list of …、map of text to …）
schema-field-twice = 字段 `{ $name }` 声明了两次
    .help = 请只保留一个
schema-bad-type = 字段 `{ $name }`：{ $why }
    .help = 可用的类型见 `docs/schemas.md`
schema-titles = `titles` 应是列标题的列表
    .help = 请写成 `titles: ["标线", "全市标线"]`
schema-one-of = `one_of` 应是词语的列表
    .help = 请写成 `one_of: ["city", "county"]`
schema-bad-reference = `{ $text }` 不是有效的引用
    .help = 请写成 `{ $attr }: "Kind.field.field"`，例如 `"RegionRegistry.regions.name"`：先写表种，再逐级写到名称所在的字段
schema-min-max-not-number = 字段 `{ $field }` 有 `min`/`max`，但它不含数字
    .help = `min` 和 `max` 只适用于 `integer` 和 `number` 字段
schema-min-above-max = 字段 `{ $field }` 的 `min` { $min } 大于 `max` { $max }
    .help = 请把两者对调
schema-one-of-not-text = 字段 `{ $field }` 有 `one_of` 或 `references`，但它不含文本
    .help = `one_of` 和 `references` 只适用于 `text` 字段
schema-key-refs-not-map = 字段 `{ $field }` 有 `key_references`，但它不是映射
    .help = `key_references` 说明映射的键从哪里来；文本值请用 `references`
schema-checked-by-alone = 字段 `{ $field }` 有 `checked_by`，但没有引用
    .help = `checked_by` 写的是检查该字段 `references` 或 `key_references` 的规则
schema-follow-not-field = `{ $step }` 不是 `{ $record }` 的字段；{ $hint }
schema-follow-fields = 它的字段有：{ $fields }
schema-follow-no-text = `{ $record }` 的 `{ $step }` 不含文本名称
schema-follow-not-record = `{ $record }` 的 `{ $step }` 不是记录，路径无法继续
schema-follow-empty = 路径为空
schema-ref-no-kind = 字段 `{ $field }` 引用的表种 `{ $kind }` 没有 schema
    .help = 有 schema 的表种：{ $kinds }
schema-ref-nowhere = 字段 `{ $field }` 的引用 `{ $reference }` 找不到目标：{ $why }
    .help = 引用先写表种，再逐级写到文本名称所在的字段：`RegionRegistry.regions.name`
schema-ref-cycle = 引用形成了循环：{ $chain }
    .help = 名称必须来自一个本身不是引用的字段
schema-kind-twice = 表种 `{ $kind }` 有第二个 schema；第一个是 { $first }
    .help = 每个表种只保留一个 schema 文件

## the type of a schema field
type-error-empty = 类型为空；请写 `text`、`integer`、`number`、`boolean`、`list of …`、`map of text to …` 或某个记录的名称
type-error-extra = `{ $type }` 后面多出了 `{ $extra }`
type-error-expected-found = `{ $after }` 后面应是 `{ $word }`，这里是 `{ $found }`
type-error-expected = `{ $after }` 后面应是 `{ $word }`
type-error-or = 类型后面只能跟 `or None`，这里是 `or { $word }`；如果是几个词中的一个，请写 `type: "text", one_of: ["…", "…"]`
type-error-or-none = `or` 后面应是 `None`
type-error-early = 类型没写完
type-error-map-key = 映射的键只能是 `text` 或 `integer`，不能是 `{ $key }`
type-error-map-no-key = `map of` 后面应写键的类型
type-error-types = 可用的类型有 { $types }，或在 `records` 下声明的记录
type-error-unknown = 未知的类型 `{ $type }`；{ $hint }

## the rule API's own errors (inside a rule-error)
api-report-key = report_key()：第一个参数应是从数据中读出的映射，并含有键 `{ $key }`
api-report-stored-text = report() 需要一个从数据中读出的值，而这段文本在数据中没有位置：从数据中读出的文本（`l.unit`）一旦存入变量（`let u = l.unit;`）或由脚本拼成，就失去了位置；请直接传字段 `report(l.unit, …)`，或传整行 `report(l, …)`
api-report-computed = report() 需要一个从数据中读出的值（表、行或单个数字）；这个值是脚本计算出来的
api-report-data = report()：`data` 应是映射
api-report-related = report()：`related` 应是由 [节点, 消息] 组成的数组
api-report-related-entry = report()：`related` 的每一项应是 [节点, 消息] 或 #{"{"}node: .., message: ..{"}"}
api-report-related-computed = report()：`related` 中的节点是脚本计算出来的，不是从数据中读出的
api-report-option = report()：未知的选项 `{ $option }`；可用的有 `help`、`label`、`related` 和 `data`
api-max-findings = 规则报告的问题超过了 { $max } 个（`max_findings` 上限）；请改正数据或缩小规则的范围
api-max-finding-bytes = 规则报告的问题文本超过了 { $max } 字节（`max_finding_bytes` 上限）；请缩短消息，或改正数据、缩小规则的范围
api-no-kinds = 没有任何表种有 schema 或数据表
api-kinds-are = 已有的表种：{ $kinds }
api-unknown-kind = { $function }("{ $kind }")：没有载入表种为 `{ $kind }` 的表，它也没有 schema；{ $hint }
api-not-a-field = `{ $key }` 不是 `{ $record }`（表种 `{ $kind }`）的字段；{ $hint }
api-fields-are = 它的字段有：{ $fields }（见 { $schema }）
api-member-not-a-figure = { $prefix }有一个成员不是数字
api-not-a-figure = { $prefix }成员 `{ $key }` 是{ $type }，不是数字
rhai-type-unit = 空值（`()`）
rhai-type-array = 数组
rhai-type-map = 映射

## import "module" in a rule
import-cycle = 库模块之间循环导入：{ $cycle }
import-too-many = 一次运行中导入的库模块超过了 { $max } 个（limits.max_modules，嵌套导入也计入）
import-not-plain = `import "{ $path }"` 在规则库文件夹之外；请写相对于 `lib/` 的名称，不要用 `..`
import-no-lib = 规则旁边没有可供导入的 `lib` 文件夹
import-no-module = 规则库文件夹中没有模块 `{ $path }`
import-outside = `import "{ $path }"` 指向规则库文件夹之外
import-not-a-file = `import "{ $path }"` 不是普通文件
api-policy = 未知的空缺值处理方式 `{ $policy }`；应为 "skip"、"zero" 或 "require"
api-not-figures = 这里应是由数字组成的数组或映射，却是{ $type }
api-compare-not-a-figure = compare()：`{ $what }` 是{ $type }，不是数字
api-compare-tolerance-key = compare()：未知的容差 `{ $key }`；应为 `abs` 或 `rel`
api-compare-tolerance = compare()：容差应是一个数（绝对容差）或 #{"{"}abs: .., rel: ..{"}"}
api-timestamp = 规则不能使用 `timestamp()`：一条规则无论何时运行，结果都应相同
api-not-records = 这里应是由记录组成的数组或映射，却是{ $type }
api-not-a-record = { $function }()：成员 `{ $key }` 是{ $type }，不是记录
api-relation = compare_fields()：未知的关系 `{ $op }`；应为 <、<=、>、>=、== 或 !=
api-outside-bound = outside()：`{ $what }` 是{ $type }，不是数字
api-outside-value = outside()：这里是{ $type }，不是数字
api-registry-not-a-map = registry()：记录 `{ $key }` 不是映射
api-registry-no-field = registry()：记录 `{ $key }` 没有字段 `{ $field }`
api-unknown-keys = unknown_keys()：这里应是映射或由映射组成的数组，却是{ $type }

## titles of the built-in checks (`tally rules`, `tally explain`)
rule-title-duplicate-key = 映射中同一个键写了两次
rule-title-no-schema = 表种没有 schema
rule-title-unknown-reference = 名称不在它应当来自的表中
rule-title-shape = 表不符合其表种的 schema
rule-title-unused-suppression = 放行注释没有写理由，或没有放行任何问题
rule-title-invalid-suppression = `tally:` 注释不是有效的放行注释

## config-error in checks files (`*.checks.ron`)
checks-not-ron = 检查文件不是有效的 RON：{ $message }
    .help = 请修正 RON 语法；检查文件的写法是 `Checks([ (id: "…", …), … ])`（见 docs/checks.md）
checks-not-checks = 检查文件应以 `Checks(` 开头，而不是 `{ $name }(`
    .help = 请写成 `Checks([ (id: "…", …), … ])`
checks-not-a-list = 检查文件中应是 `Checks([ … ])`：由检查组成的列表
    .help = 请写成 `Checks([ (id: "…", severity: "error", title: "…", kind: "…", each: "…", check: "…", message: "…"), ])`
checks-list = `Checks(…)` 中应是写在 `[ … ]` 里的检查列表
    .help = 请写成 `Checks([ ( … ), ( … ) ])`
checks-unusable = 这条检查无法使用
checks-text = `{ $what }` 应是加引号的文本
    .help = 请写成 `{ $what }: "…"`
checks-parens = 一条检查写在括号中：`(id: "…", …)`
    .help = 检查的字段有：{ $fields }
checks-not-a-field = `{ $field }` 不是检查的字段
    .help = 检查的字段有：{ $fields }
checks-no-id = 这条检查没有 `id`
    .help = 请补上 `id: "kebab-case-id"`，说明它查的是什么缺陷
checks-id-not-kebab = 检查 id `{ $id }` 不是短横线连接的小写形式
    .help = id 由小写字母、数字和单个短横线组成，以字母开头，例如 `leqing-rank-target`
checks-id-reserved = 检查 id `{ $id }` 已留给 tally 自己的检查使用
    .help = 请换一个能说明所查缺陷的 id
checks-id-twice = 检查 id `{ $id }` 在这个文件中声明了两次
    .help = 请让每条检查有自己的 id
checks-missing = 检查 `{ $id }` 没有 `{ $name }`
checks-missing-help = 请补上 `{ $name }: { $hint }`
checks-hint-severity = "error"（或 "warning"、"info"）
checks-hint-title = "…"（一行：检查什么）
checks-hint-kind = "TargetTable"（所检查的表的表种）
checks-hint-check = "high >= standard"（记录正确时为真）
checks-hint-message = "…{"{"}field{"}"}…"（哪里不对，带上记录中的数字）
checks-severity = `{ $value }` 不是有效的严重程度
    .help = 请写 "error"、"warning" 或 "info"
checks-broken-schema = 表种 `{ $kind }` 的 schema 有错误，无法据此读取检查 `{ $id }`
    .help = 请先改正 schema 的 `config-error`
checks-no-schemas = `{ $folder }` 中没有 schema；检查要从表种的 schema 中读取字段名
checks-kinds-are = 有 schema 的表种：{ $kinds }
checks-no-schema = 表种 `{ $kind }` 没有 schema
checks-not-compiled = 检查 `{ $id }` 无法编译：{ $why }
    .help = 这是 tally 的缺陷；请连同这条检查一起报告
checks-each-no-fields = `each` 在 `{ $step }` 处走不下去：{ $what } 是{ $type }，没有字段
    .help = 请让 `each` 在 `{ $walked }` 处结束；此时元素即为 `value`
checks-each-not-a-field = `each` 在 `{ $step }` 处走不下去：它不是 `{ $record }`（表种 `{ $kind }`）的字段
checks-fields-are = `{ $record }` 的字段有：{ $fields }（见 { $schema }）
checks-empty = 检查 `{ $id }` 的 `{ $what }` 是空的
    .help = 请写一个条件，例如 `high >= standard`
checks-unknown-name = 检查 `{ $id }` 的 `{ $what }` 中的 `{ $name }` 不是 `{ $kind }` 记录的字段
checks-names-are = 可用的名称有：{ $names }（见 { $schema }）
checks-does-not-parse = 检查 `{ $id }` 的 `{ $what }` 在第 { $column } 列无法解析：{ $why }
    .help = 请写 Rhai 表达式：`high >= standard`、`unit == "%" && value != ()`；文本用双引号（在 RON 字符串中写作 `\"`）
checks-unknown-field = 检查 `{ $id }` 的 `{ $what }` 中的 `{ $field }` 不是 `{ $record }`（表种 `{ $kind }`）的字段
checks-unclosed = 检查 `{ $id }` 的 `{ $what }` 中有一个 `{"{"}` 没有闭合
    .help = 请写 `{"{"}field{"}"}`；要表示花括号本身，请写 `{"{"}{"{"}`
checks-unopened = 检查 `{ $id }` 的 `{ $what }` 中有一个 `{"}"}` 没有对应的 `{"{"}`
    .help = 要表示花括号本身，请写 `{"}"}{"}"}`
checks-at-unknown = 检查 `{ $id }` 的 `{ $what }` 写的 `{ $name }` 不是 `{ $kind }` 记录的字段
    .help = 可用的名称有：{ $names }
checks-at-no-fields = 检查 `{ $id }` 的 `{ $what }`：`{ $name }` 是{ $type }，没有字段 `{ $field }`
    .help = 请写记录的一个字段
checks-at-not-a-field = 检查 `{ $id }` 的 `{ $what }`：`{ $field }` 不是 `{ $record }` 的字段
    .help = `{ $record }` 的字段有：{ $fields }
checks-related-list = 检查 `{ $id }` 的 `related` 应是由 (字段, 消息) 组成的列表
    .help = 请写成 `related: [("standard", "标线 {"{"}standard{"}"}")]`：记录的一个字段和一条消息
checks-related-entry = 检查 `{ $id }` 的 `related` 中的每一项应是 (字段, 消息)
    .help = 请写成 `related: [("standard", "标线 {"{"}standard{"}"}")]`：记录的一个字段和一条消息
checks-related-key = 检查 `{ $id }` 的 `related` 不能指向 `key`
    .help = 请写记录的一个字段
checks-data-map = 检查 `{ $id }` 的 `data` 应是从名称到表达式的映射
    .help = 请写成 `data: {"{"}"imbalance": "high - standard"{"}"}`
checks-mixed = 检查 `{ $id }` 的 `{ $what }` 把{ $left } `{ $left_text }` 与{ $right } `{ $right_text }` 相比较：两者之间的 `{ $op }` 永远为 { $always }
checks-mixed-help-text = 文本请与加引号的文本比较（`region == "乐清市"`），数字请与数字比较（`target_rank <= 6`，不加引号）
checks-mixed-help-truth = 是否值请与 `true` 或 `false` 比较（`additive == true`，或直接写 `additive`），数字请与数字比较
checks-class-text = 文本
checks-class-figure = 数字
checks-class-truth = 是否值
checks-class-none = {""}
