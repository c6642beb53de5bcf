# 就地检查工作簿（tally.ron 的 `workbooks:`，见 docs/spreadsheets.md）。

sheets-unmapped = `{ $file }` 是工作簿，但 tally.ron 的 `workbooks` 没有为它的任何工作表指定表种
    .help = 在 tally.ron 的 `workbooks` 下为它的工作表指定表种和版式，例如 `"{ $file }": [(sheets: ["附件3"], kind: "TargetTable", layout: "breakdown")]`（见 docs/spreadsheets.md）
sheets-no-reader = `{ $file }` 是工作簿，而本程序不读取工作簿
    .help = 请用 `tally` 命令检查它，或先用 `tally import` 导入
sheets-open-elsewhere = `{ $file }` 正在被电子表格程序打开（有锁文件 `{ $lock }`）：请在那里保存并关闭后再检查
