//! `data/targets-2019.ron`: annexes 2 and 3.

use crate::common;

use tally_engine::model::{Table, TargetIndicator, TargetTable};

fn load() -> TargetTable {
    common::load("targets-2019.ron", "TargetTable", |t| match t {
        Table::Targets(t) => Some(t),
        _ => None,
    })
}

fn indicator<'a>(t: &'a TargetTable, name: &str) -> &'a TargetIndicator {
    t.sheets
        .iter()
        .flat_map(|s| &s.indicators)
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

const REGIONS: [&str; 15] = [
    "鹿城区",
    "龙湾区",
    "瓯海区",
    "洞头区",
    "乐清市",
    "瑞安市",
    "永嘉县",
    "文成县",
    "平阳县",
    "泰顺县",
    "苍南县",
    "瓯江口产业集聚区",
    "浙南产业集聚区",
    "温州生态园",
    "浙南科技城",
];

#[test]
fn counts() {
    let t = load();
    assert_eq!(t.year, 2019);
    assert_eq!(t.sheets.len(), 2);
    assert_eq!(t.sheets[0].annex, 2);
    assert_eq!(t.sheets[0].indicators.len(), 11);
    assert_eq!(t.sheets[1].annex, 3);
    assert_eq!(t.sheets[1].indicators.len(), 12);
    for i in t.sheets.iter().flat_map(|s| &s.indicators) {
        let regions: Vec<&str> = i.breakdown.keys().map(String::as_str).collect();
        if i.name == "工业 APP 开发应用" {
            // two blank cells: 温州生态园, 浙南科技城
            assert_eq!(regions, REGIONS[..13]);
        } else {
            assert_eq!(regions, REGIONS, "{}", i.name);
        }
    }
}

#[test]
fn spot_values() {
    let t = load();
    let v = |n: &str, r: &str| *indicator(&t, n).breakdown.get(r).expect("region");
    assert_eq!(v("企业上云数", "乐清市"), Some(2332.0));
    assert_eq!(indicator(&t, "基站铁塔改造").high, 5069.0);
    assert_eq!(
        indicator(&t, "基站铁塔改造").group.as_deref(),
        Some("通信设施建设和改造")
    );
    assert_eq!(
        indicator(&t, "基站铁塔新建").group.as_deref(),
        Some("通信设施建设和改造")
    );
    assert_eq!(indicator(&t, "企业上云数").group, None);
    assert_eq!(v("数字经济核心产业增加值", "温州生态园"), None);
    assert_eq!(v("数字经济核心产业增加值", "乐清市"), Some(196.0));
    assert_eq!(
        v("规上软件和信息技术服务业营业收入增速", "浙南产业集聚区"),
        Some(20.0)
    );
    assert_eq!(v("规上软件和信息技术服务业营业收入增速", "洞头区"), None);
    assert_eq!(v("工业设备联网率", "苍南县"), Some(50.0));
    assert_eq!(v("企业智能化改造 (包括机器换人)", "乐清市"), Some(95.0));
    assert_eq!(v("新增“机器人”应用", "瑞安市"), Some(270.0));
    assert_eq!(v("基站铁塔新建", "温州生态园"), Some(10.0));
    assert_eq!(v("工业互联网服务商", "浙南科技城"), Some(1.0));
    assert_eq!(
        indicator(&t, "工业 APP 开发应用").breakdown.get("温州生态园"),
        None
    );
    let growth = indicator(&t, "数字经济核心产业增加值增速");
    assert_eq!((growth.standard, growth.high), (12.0, 15.0));
    assert!(!growth.additive);
    assert_eq!(growth.unit, "%");
    let value = indicator(&t, "数字经济核心产业增加值");
    assert_eq!((value.standard, value.high), (500.0, 520.0));
    assert!(value.additive);
    assert_eq!(value.unit, "亿元");
    assert_eq!(indicator(&t, "两化融合示范试点企业 (项目)").unit, "个");
    assert_eq!(indicator(&t, "企业智能化改造 (包括机器换人)").unit, "家");
    let non_additive: Vec<&str> = t
        .sheets
        .iter()
        .flat_map(|s| &s.indicators)
        .filter(|i| !i.additive)
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        non_additive,
        [
            "数字经济核心产业增加值增速",
            "规上软件和信息技术服务业营业收入增速",
            "工业设备联网率"
        ]
    );
}

#[test]
fn numbers_keep_their_printed_form() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/targets-2019.ron");
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains("standard: 12.0,"));
    assert!(text.contains("standard: 500,"));
    assert!(text.contains("\"鹿城区\": 38,"));
}
