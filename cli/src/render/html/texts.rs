//! The page's own words, in the two interface languages, in one place: a
//! message catalogue can replace this table without touching the page.
//!
//! Rule messages and helps are the rules' own (the shipped rules write
//! Chinese); only the headings, labels and buttons of the page are here.

pub use tally_i18n::Lang;

/// The page's words in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// Every fixed text of the HTML page. `{n}`, `{line}` and the like are
/// filled in by [`fill`].
#[derive(Debug)]
pub struct Texts {
    pub title: &'static str,
    pub generated: &'static str,
    pub version: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub infos: &'static str,
    pub summary: &'static str,
    pub no_findings: &'static str,
    pub suppressed: &'static str,
    pub baselined: &'static str,
    pub untouched: &'static str,
    pub files_checked: &'static str,
    pub rules_ran: &'static str,
    pub file: &'static str,
    pub kind: &'static str,
    pub hash: &'static str,
    pub hash_tip: &'static str,
    pub findings_count: &'static str,
    pub rule: &'static str,
    pub severity: &'static str,
    pub rule_title: &'static str,
    pub tables: &'static str,
    pub findings: &'static str,
    pub legend: &'static str,
    pub legend_related: &'static str,
    pub legend_bar: &'static str,
    pub legend_click: &'static str,
    pub corner: &'static str,
    pub annex: &'static str,
    pub sheet: &'static str,
    pub standard: &'static str,
    pub line: &'static str,
    pub high: &'static str,
    pub standard_short: &'static str,
    pub high_short: &'static str,
    pub sum: &'static str,
    pub not_additive: &'static str,
    pub sum_equals: &'static str,
    pub sum_differs: &'static str,
    pub share: &'static str,
    pub unassigned: &'static str,
    pub not_parsed: &'static str,
    pub show: &'static str,
    pub all_rules: &'static str,
    pub help: &'static str,
    pub related: &'static str,
    pub in_table: &'static str,
    pub link: &'static str,
    pub close: &'static str,
    pub elsewhere: &'static str,
    pub list_sep: &'static str,
    pub print: &'static str,
}

/// English.
pub static EN: Texts = Texts {
    title: "tally report",
    generated: "Checked",
    version: "tally",
    error: "error",
    warning: "warning",
    info: "info",
    errors: "errors",
    warnings: "warnings",
    infos: "infos",
    summary: "{files} files, {rules} rules",
    no_findings: "No findings: every rule passed.",
    suppressed: "{n} suppressed",
    baselined: "{n} in the baseline",
    untouched: "{n} on lines the change did not touch",
    files_checked: "Data files checked",
    rules_ran: "Rules that ran",
    file: "file",
    kind: "table kind",
    hash: "content (git blob)",
    hash_tip: "git's blob id of the text checked: `git log --find-object=ID` finds the commit",
    findings_count: "findings",
    rule: "rule",
    severity: "severity",
    rule_title: "what it checks",
    tables: "The tables",
    findings: "The findings",
    legend: "Cells are coloured by their worst finding:",
    legend_related: "related (the other side of a finding)",
    legend_bar: "bar: the region's share of the line",
    legend_click: "click a coloured cell for its findings",
    corner: "region \\ indicator",
    annex: "Annex {n}",
    sheet: "Sheet {n}",
    standard: "standard line",
    line: "line",
    high: "high line",
    standard_short: "standard",
    high_short: "high",
    sum: "sum of the regions",
    not_additive: "not additive (rates and shares do not add up)",
    sum_equals: "= {line}",
    sum_differs: "{line} {diff}",
    share: "{share} of the {line}",
    unassigned: "not assigned (-)",
    not_parsed: "This file could not be read as a table; its findings are below.",
    show: "Show",
    all_rules: "all rules",
    help: "help",
    related: "related",
    in_table: "show in the table",
    link: "link to this finding",
    close: "Close",
    elsewhere: "not in a table",
    list_sep: ", ",
    print: "Print",
};

/// Simplified Chinese.
pub static ZH: Texts = Texts {
    title: "tally 检查报告",
    generated: "检查时间",
    version: "tally",
    error: "错误",
    warning: "警告",
    info: "提示",
    errors: "错误",
    warnings: "警告",
    infos: "提示",
    summary: "{files} 个文件，{rules} 条规则",
    no_findings: "未发现问题：所有规则均已通过。",
    suppressed: "{n} 个已被注释屏蔽",
    baselined: "{n} 个在基线中",
    untouched: "{n} 个不在改动的行上",
    files_checked: "检查的数据文件",
    rules_ran: "运行的规则",
    file: "文件",
    kind: "表格类型",
    hash: "内容（git blob）",
    hash_tip: "所检查文本的 git blob 编号：`git log --find-object=编号` 可找到对应提交",
    findings_count: "问题数",
    rule: "规则",
    severity: "级别",
    rule_title: "检查内容",
    tables: "表格",
    findings: "问题清单",
    legend: "单元格按其最严重的问题着色：",
    legend_related: "相关位置（问题的另一方）",
    legend_bar: "横条：该地区占全市线的比例",
    legend_click: "点击着色单元格查看问题",
    corner: "地区 \\ 指标",
    annex: "附件 {n}",
    sheet: "第 {n} 表",
    standard: "全市 标线",
    line: "全市",
    high: "全市 高线",
    standard_short: "标线",
    high_short: "高线",
    sum: "各地区合计",
    not_additive: "不可加总（增速、比例类指标）",
    sum_equals: "= {line}",
    sum_differs: "{line} {diff}",
    share: "占{line} {share}",
    unassigned: "未分解（-）",
    not_parsed: "此文件无法作为表格读取，问题见下。",
    show: "显示",
    all_rules: "全部规则",
    help: "建议",
    related: "相关位置",
    in_table: "在表中查看",
    link: "此问题的链接",
    close: "关闭",
    elsewhere: "不在表格中",
    list_sep: "、",
    print: "打印",
};

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_non_empty_locale_variable_decides() {
        assert_eq!(Lang::from_locale(None, None, Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some(""), None, Some("zh_TW")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("C"), None, Some("zh_CN.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(None, Some("zh_CN"), Some("en_US")), Lang::Zh);
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(ZH.share, &[("line", "标线"), ("share", "7.6%")]),
            "占标线 7.6%"
        );
    }
}
