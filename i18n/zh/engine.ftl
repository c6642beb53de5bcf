# tally 自己报告的问题（不是规则的）：消息，`.label`（标在值下面）和
# `.help`（怎么改）。`shape` 检查的消息暂不在这里。

## duplicate-key
duplicate-key = 这个映射中键 `{ $key }` 写了两次
    .label = 这里又写了一次
    .help = 把两项合并为一项：按键读取映射的规则只看到第一项，而求和与键列表会把两项都算上
duplicate-key-first = 第一次写在这里

## parse, io
parse-utf8 = 文件不是有效的 UTF-8
    .label = 无效的字节序列
    .help = 请把文件另存为 UTF-8 编码（这里的字节序列已被替换为 `{"\uFFFD"}`）
parse-syntax = RON 语法错误：{ $message }
    .label = 此处
    .help = 请修正 RON 语法；其他文件照常检查


## invalid-suppression, unused-suppression
suppress-form = // tally: allow(规则id) 理由
suppress-malformed = `tally:` 注释格式不对：{ $why }
    .label = 不是有效的放行注释
    .help = 请写成 `{ $form }`（半角冒号和括号），放在该值所在行的末尾，或紧挨着它的上一行
suppress-why-no-verb = `tally:` 注释要写明做什么：`allow(规则id)`
suppress-why-unknown-verb = 未知的 `tally:` 指令 `{ $verb }`；只有 `allow(规则id)` 一种
suppress-why-no-parens = `allow` 后面要用括号写出规则 id：`allow(规则id)`
suppress-why-unclosed = `allow(` 没有用 `)` 关闭
suppress-why-not-an-id = `{ $id }` 不是规则 id（id 是短横线连接的小写形式，如 `unknown-unit`）
suppress-why-no-rule = `allow()` 中没有写规则
suppress-unknown-rule = `tally: allow({ $rule })` 中的规则不存在
    .label = 未知规则
suppress-unused = `tally: allow({ $rule })` 没有放行任何问题
    .label = 未起作用
suppress-unused-nowhere = 放行注释要写在该值所在行的末尾，或紧挨着它的上一行（中间不能有空行）；请删除或移动它
suppress-unused-no-value = 这条注释作用于第 { $line } 行，但该行没有值开始；请把它放在值所在行的末尾或紧挨着的上一行
suppress-unused-nothing = `{ $rule }` 在第 { $line } 行的值上没有报告任何问题；如果数据已改正，请删除这条注释（或其中的规则 id）
suppress-no-reason = 放行 `{ $rules }` 时没有写理由
    .label = 没有理由
    .help = 在括号后面写明为什么接受这个问题：`// tally: allow({ $ids }) 原文如此，已与业务处室核实`
