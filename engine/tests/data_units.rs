//! `data/units.ron`: the unit registry.

use crate::common;

use tally_engine::model::{Table, UnitRegistry};

fn load() -> UnitRegistry {
    common::load("units.ron", "UnitRegistry", |t| match t {
        Table::Units(t) => Some(t),
        _ => None,
    })
}

#[test]
fn units_are_registered_once() {
    let u = load();
    assert_eq!(u.units.len(), 61);
    let mut names: Vec<&str> = u.units.iter().map(|x| x.name.as_str()).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "a unit is registered twice");
    let count = |k: &str| u.units.iter().filter(|x| x.kind == k).count();
    assert_eq!(count("collective"), 8);
    assert_eq!(count("group"), 7);
    assert_eq!(count("zone_committee"), 3);
    assert_eq!(count("government"), 3);
    assert!(u.units.iter().all(|x| x.aliases.is_empty()));
}

#[test]
fn canonical_spellings() {
    let u = load();
    let has = |n: &str| u.units.iter().any(|x| x.name == n);
    // one spelling each; the other is left for the rules
    assert!(has("市市场监督管理局"));
    assert!(!has("市市场监管局"));
    assert!(has("市自然资源和规划局"));
    assert!(!has("市自然资源规划局"));
    assert!(has("各县（市、区）人民政府"));
    assert!(!has("各县(市、区)人民政府"));
    assert!(has("人行温州市中心支行"));
    assert!(has("铁塔温州市分公司"));
    assert!(has("市数字经济发展领导小组成员单位"));
    let find = |n: &str| u.units.iter().find(|x| x.name == n);
    let office = find("市数字经济发展领导小组办公室").expect("office");
    assert_eq!(office.lead.as_deref(), Some("市经信局"));
    let group = find("政府数字化发展推进小组").expect("group");
    assert_eq!(group.lead.as_deref(), Some("市大数据发展管理局"));
    assert_eq!(group.parent.as_deref(), Some("市数字经济发展领导小组"));
    let zone = find("浙南科技城管委会").expect("zone");
    assert_eq!(zone.region.as_deref(), Some("浙南科技城"));
    assert_eq!(
        find("各功能区管委会").map(|x| x.kind.as_str()),
        Some("collective")
    );
}
