//! `data/responsibilities-2019.ron`: annex 1.

use crate::common;

use tally_engine::model::{Item, ResponsibilityTable, Table, Task};

fn load() -> ResponsibilityTable {
    common::load("responsibilities-2019.ron", "ResponsibilityTable", |t| match t {
        Table::Responsibilities(t) => Some(t),
        _ => None,
    })
}

fn task(t: &ResponsibilityTable, n: u32) -> &Task {
    t.parts
        .iter()
        .flat_map(|p| &p.tasks)
        .find(|x| x.number == n)
        .unwrap_or_else(|| panic!("no task {n}"))
}

fn item(t: &ResponsibilityTable, n: u32, i: usize) -> &Item {
    &task(t, n).items[i - 1]
}

#[test]
fn counts() {
    let t = load();
    assert_eq!(t.year, 2019);
    assert_eq!(t.parts.len(), 6);
    let numbers: Vec<&str> = t.parts.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["一", "二", "三", "四", "五", "六"]);
    let tasks: Vec<u32> = t.parts.iter().flat_map(|p| &p.tasks).map(|x| x.number).collect();
    assert_eq!(tasks, (1..=23).collect::<Vec<_>>());
    let per_part: Vec<usize> = t
        .parts
        .iter()
        .map(|p| p.tasks.iter().map(|x| x.items.len()).sum())
        .collect();
    assert_eq!(per_part, [10, 4, 12, 7, 22, 11]);
    let per_task: Vec<usize> = t
        .parts
        .iter()
        .flat_map(|p| &p.tasks)
        .map(|x| x.items.len())
        .collect();
    assert_eq!(
        per_task,
        [2, 3, 5, 1, 1, 1, 1, 3, 4, 4, 1, 2, 3, 2, 6, 2, 2, 8, 4, 2, 4, 4, 1]
    );
    let items: Vec<&Item> = t
        .parts
        .iter()
        .flat_map(|p| &p.tasks)
        .flat_map(|x| &x.items)
        .collect();
    assert_eq!(items.len(), 66);
    // unit cells merged with the one above
    assert_eq!(items.iter().filter(|i| i.units.is_empty()).count(), 20);
}

#[test]
fn headings() {
    let t = load();
    assert_eq!(t.parts[0].title, "推动数字经济核心产业发展");
    assert_eq!(
        t.parts[0].headline.as_deref(),
        Some("2019 年数字经济核心产业增加值超 500 亿元、增速力争达到 15%。")
    );
    assert_eq!(
        t.parts[1].headline.as_deref(),
        Some("力争2019年，规上工业全员劳动生产率增长8%，工业设备联网率达35%。")
    );
    assert_eq!(t.parts[2].headline, None);
    assert_eq!(t.parts[5].title, "工作要求");
    assert_eq!(task(&t, 4).name, "推动工业互联网发展");
    assert_eq!(task(&t, 11).name, "发展数字创意产业");
    assert_eq!(task(&t, 19).name, "实现智慧民生多元普惠");
    assert_eq!(t.parts[2].tasks.last().map(|x| x.number), Some(11));
}

#[test]
fn spot_items() {
    let t = load();
    assert_eq!(
        item(&t, 1, 2).units,
        [
            "各县（市、区）人民政府",
            "浙南产业集聚区",
            "瓯江口产业集聚区",
            "浙南科技城管委会"
        ]
    );
    assert!(item(&t, 2, 2).units.is_empty());
    assert!(task(&t, 5).items[0].units.is_empty());
    assert_eq!(
        item(&t, 9, 1).units,
        [
            "市金融办",
            "人行温州市中心支行",
            "温州银保监分局",
            "省联社温州办事处"
        ]
    );
    assert_eq!(
        item(&t, 13, 1).units,
        ["市农业农村局", "乐清市", "平阳县人民政府"]
    );
    assert_eq!(item(&t, 14, 2).units, ["市农业农村局", "市市场监督管理局"]);
    assert_eq!(item(&t, 16, 2).units, ["市自然资源规划局"]);
    assert_eq!(item(&t, 18, 8).units, ["市自然资源和规划局"]);
    assert_eq!(item(&t, 20, 2).units, ["市数字经济发展领导小组成员单位"]);
    assert!(item(&t, 22, 4).units.is_empty());
    assert_eq!(item(&t, 23, 1).units, ["市经信局", "市委宣传部"]);
    // printed twice, tasks 16 and 17
    assert_eq!(item(&t, 16, 1).text, item(&t, 17, 1).text);
    assert_eq!(
        item(&t, 16, 1).text,
        "提升温州云计算中心支撑能力，加快建设浙江云谷磐石数据中心，加速健全云计算生态体系。"
    );
    assert_eq!(item(&t, 15, 5).text, "争取列入5G试点城市。");
    assert!(item(&t, 8, 2).text.contains("全市网络零售额达2320亿元"));
}
