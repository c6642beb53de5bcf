//! `data/regions.ron`: the region registry.

use crate::common;

use tally_engine::model::{RegionRegistry, Table};

fn load() -> RegionRegistry {
    common::load("regions.ron", "RegionRegistry", |t| match t {
        Table::Regions(t) => Some(t),
        _ => None,
    })
}

#[test]
fn regions_are_complete() {
    let r = load();
    assert_eq!(r.regions.len(), 16);
    let names: Vec<&str> = r.regions.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "温州市",
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
            "浙南科技城"
        ]
    );
    let count = |k: &str| r.regions.iter().filter(|x| x.kind == k).count();
    assert_eq!(count("city"), 1);
    assert_eq!(count("district"), 4);
    assert_eq!(count("county_city"), 2);
    assert_eq!(count("county"), 5);
    assert_eq!(count("functional_zone"), 4);
    assert_eq!(r.regions[0].parent, None);
    assert!(r.regions[1..]
        .iter()
        .all(|x| x.parent.as_deref() == Some("温州市")));
    let kind = |n: &str| r.regions.iter().find(|x| x.name == n).map(|x| x.kind.as_str());
    assert_eq!(kind("乐清市"), Some("county_city"));
    assert_eq!(kind("洞头区"), Some("district"));
    assert_eq!(kind("苍南县"), Some("county"));
    assert_eq!(kind("温州生态园"), Some("functional_zone"));
}
