# 就地检查工作簿（tally.ron 的 `workbooks:`，见 docs/spreadsheets.md）。

sheets-unmapped = `{ $file }` 是工作簿，但 tally.ron 的 `workbooks` 没有为它的任何工作表指定表种
    .help = 在 tally.ron 的 `workbooks` 下为它的工作表指定表种和版式，例如 `"{ $file }": [(sheets: ["附件3"], kind: "TargetTable", layout: "breakdown")]`（见 docs/spreadsheets.md）
sheets-no-reader = `{ $file }` 是工作簿，而本程序不读取工作簿
    .help = 请用 `tally` 命令检查它，或先用 `tally import` 导入
sheets-open-elsewhere = `{ $file }` 正在被电子表格程序打开（有锁文件 `{ $lock }`）：请在那里保存并关闭后再检查

# 读取工作簿（`tally import`、就地检查的工作簿）和写出工作簿（`tally export`、`--format xlsx`）。

## shared
sheets-list-separator = 、
sheets-sheet-hidden = `{ $sheet }`（隐藏）
sheets-sheet-listed = `{ $sheet }`
sheets-field-described = `{ $field }`（{ $description }）
sheets-field-listed = `{ $field }`

## opening a workbook
sheets-not-a-file = `{ $file }` 不是文件
sheets-cannot-read = 无法读取 `{ $file }`：{ $error }
sheets-not-a-workbook = `{ $file }` 不是 tally 能读取的工作簿
    .help = tally 读取 .xlsx、.xls、.ods 和 .csv 文件
sheets-password = `{ $file }` 设有密码保护，tally 无法读取
    .help = 请另存一份不带密码的副本（文件 → 信息 → 保护工作簿），再导入该副本
sheets-damaged = 无法把 `{ $file }` 作为工作簿读取：{ $error }
    .help = 文件是否已损坏，或仍在被其他程序写入？请在 Excel、WPS 或 LibreOffice 中打开并重新保存
sheets-no-sheet = `{ $file }` 中没有工作表 `{ $sheet }`
    .help = 它的工作表有：{ $sheets }
sheets-no-visible-sheet = `{ $file }` 中没有可见的工作表
sheets-no-sheet-to-read = `{ $file }` 中没有可读取的工作表
sheets-csv-row = `{ $file }` 第 { $row } 行：{ $error }
sheets-csv-not-utf8 = { $cell }：文本不是 UTF-8 编码
    .help = 请把 CSV 另存为“CSV UTF-8”（Excel），或保存时选择 UTF-8 字符集（WPS、LibreOffice）
sheets-cannot-read-sheet = 无法读取 `{ $file }` 的工作表 `{ $sheet }`：{ $error }
sheets-unknown-kind = tally.ron 把 `{ $file }` 指定为表种 `{ $kind }`，但没有 schema 声明这个表种
    .help = 请把该表种的 schema 加到 `schemas/` 中
sheets-unknown-kind-kinds = 现有表种：{ $kinds }
sheets-unknown-kind-near = 是不是要写 `{ $near }`？现有表种：{ $kinds }

## a cell where a figure belongs
sheets-not-a-figure = { $what }：`{ $text }` 不是数值
sheets-text-for-figure = { $what }：应填数值的单元格中是文本 `{ $text }`
    .help = 请填写数值；未下达的写 `-`；留空则该地区不计入
sheets-date-for-figure = { $what }：应填数值的单元格中是日期（{ $date }）
    .help = 该单元格设成了日期格式；请把它设为数值格式（设置单元格格式 → 数值）后重新输入数值
sheets-bool-for-figure = { $what }：应填数值的单元格中是 `{ $value }`
sheets-error-value = { $what }：单元格显示错误值 `{ $error }`
    .help = 请修改工作簿中的公式，使其显示数值
sheets-uncached-formula = { $what }：公式 `={ $formula }` 没有保存计算结果
    .help = 请在 Excel、WPS 或 LibreOffice 中打开工作簿，重新计算后保存

## the breakdown layout (target tables)
sheets-not-target-kind = breakdown 版式只写目标表，而表种 `{ $kind }` 不是目标表
    .help = 目标表的表种有一个工作表列表，每个工作表有一个指标列表（名称、单位、标线、高线）和一个从地区到数值的映射 `breakdown`，见 schemas/TargetTable.ron；每行一条记录的表请用 `--layout records`
sheets-no-region-header = 工作表 `{ $sheet }` 中没有带地区列的表头行
    .help = breakdown 版式查找首个单元格为 { $titles } 之一的行
sheets-figure-without-title = 没有列标题的列中填有数值
    .help = 请给第 { $column } 列加上标题，例如 `工业 APP 开发应用（个）`
sheets-title-without-unit = 列标题 `{ $title }` 没有写明单位
    .help = 请按印发的格式在指标名称后用括号写明单位：`工业 APP 开发应用（个）`、`工业设备联网率（%）`
sheets-no-indicator = 表头中没有指标
    .help = 指标应横排在表头中地区列的右侧
sheets-indicator-twice = 指标 `{ $indicator }` 占了两列（{ $first } 列和 { $second } 列）
sheets-no-lines = 表头下方没有全市标线和高线两行
    .help = 该版式要求表头下方有两行：`全市 | 标线 | …` 和 `| 高线 | …`
sheets-line-of = `{ $indicator }` 的{ $line }
sheets-line-blank = { $what }为空
    .help = 请填写全市的数值，没有的写 `-`
sheets-row-without-region = 该行填有数值，但没有写地区
    .help = 请在第一列写上地区名称
sheets-not-region-name = `{ $text }` 不是地区名称
sheets-region-twice = 地区 `{ $region }` 出现了第二行（第一次在第 { $row } 行）
    .help = 每个地区只占一行；请删除或合并重复的行
sheets-indicator-of-region = { $region }的 `{ $indicator }`

## the records layout
sheets-no-record-list = 表种 `{ $kind }` 没有可按行填写的记录列表
    .help = records 版式按每行一条记录，填入表种中第一个类型为 `list of RECORD` 的字段
sheets-no-field-header = 工作表 `{ $sheet }` 中没有写明 `{ $record }` 字段的表头行
    .help = 表头的列标题应写明字段：{ $fields }
sheets-unmapped-column = 第 { $column } 列 `{ $title }` 对应不到 `{ $record }` 的任何字段
    .help = 字段有：{ $fields }；请用其中一个字段的标题作列标题，或在 schema 中给该字段加上 `titles: ["{ $title }"]`
sheets-value-without-title = 没有列标题的列中填有值
    .help = 请给第 { $column } 列加上标题：{ $fields }
sheets-record-twice = `{ $field }` 为 { $key } 的记录出现了第二行（第一次在第 { $row } 行）
    .help = 每条记录只占一行；请删除或合并重复的行
sheets-not-text = { $what }：`{ $value }` 不是文本
sheets-not-whole = { $what }：`{ $text }` 不是整数
    .help = 该字段只能填整数
sheets-not-yes-no = { $what }：`{ $text }` 不是“是”或“否”

## writing a workbook
sheets-no-record-list-export = 表种 `{ $kind }` 没有可按行排列的记录列表
sheets-cannot-write = 无法写出工作簿：{ $error }

## `tally import`, `tally export`, `tally check --format xlsx`
sheets-import-no-kind = 没有表种 `{ $kind }` 的 schema；现有表种：{ $kinds }
sheets-import-no-kinds = 没有表种 `{ $kind }` 的 schema；现有表种：（无：没有 schemas 文件夹）
sheets-not-writing-book = 不写入 `{ $file }`：tally 从不写入它读取的工作簿
sheets-output-exists = `{ $file }` 已存在；如要覆盖，请加 --force
sheets-export-not-xlsx = `{ $file }`：tally 只写 .xlsx 工作簿；请把输出文件命名为 BOOK.xlsx
sheets-export-not-ron = `{ $file }` 不是有效的 RON
sheets-export-no-schema = `{ $file }` 是 `{ $kind }` 表，但没有 schema 声明这个表种；tally 按 schema 排布表格
sheets-xlsx-needs-output = `--format xlsx` 会写出工作簿：请加上 `--output FILE.xlsx`
sheets-not-writing-checked = 不写入 `{ $file }`：它是刚检查过的数据，tally 从不写入它读取的工作簿
sheets-wrote-marked-up = 已把标注了问题的工作簿写到 `{ $file }`
