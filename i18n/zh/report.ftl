# 人读的报告（`tally check`、`tally watch`）：汇总行与各个标题。

summary-errors = { $count } 个错误
summary-warnings = { $count } 个警告
summary-infos = { $count } 个提示
summary-files = { $count } 个文件
summary-rules = { $count } 条规则
summary-counts = { $errors }，{ $warnings }，{ $infos }
summary-no-findings = 没有发现问题
summary-no-new-findings = 没有新问题
summary-line = { $counts }；检查了 { $files }，{ $rules }
summary-untouched = { $count } 个在本次改动未涉及的行上
summary-suppressed = { $count } 个已被注释放行
summary-baselined = { $count } 个在基线中
summary-gone = { $count } 个已从基线消失
summary-extra = ；{ $extra }
summary-list-sep = ，
summary-with-time = { $line }（{ $ms } 毫秒）
summary-tool-errors = { $count } 个规则故障

report-suppressed-heading = 被 `tally: allow` 注释放行的问题：
report-gone-heading = 基线 `{ $file }` 中已消失的问题（已修正或已改变；`tally check --write-baseline { $file }` 会把它们从基线中删去）：
report-printed-heading = 规则打印的内容：
report-stats-rule = 规则
report-stats-findings = 问题数
report-stats-ms = 毫秒
report-related = 相关位置：
report-here = 此处
report-note = 注：{ $note }
report-help-word = 提示
report-help-colon = ：
report-suppressed-note = 被 { $file }:{ $line } 处的注释放行：{ $why }
report-no-reason = 未写理由
report-idle = 未检查任何内容（没有它们所读表种的数据表）：{ $rules }
report-unread = 没有规则能读到（文件无法解析或不是文本，见其发现）：{ $files }
