//! `data/headline-targets-2019.ron`: the numeric targets of the body text.

use crate::common;

use tally_engine::model::{HeadlineTarget, HeadlineTargets, Table, TargetTable};

fn load() -> HeadlineTargets {
    common::load("headline-targets-2019.ron", "HeadlineTargets", |t| match t {
        Table::Headlines(t) => Some(t),
        _ => None,
    })
}

fn find<'a>(h: &'a HeadlineTargets, excerpt: &str) -> &'a HeadlineTarget {
    h.targets
        .iter()
        .find(|t| t.excerpt == excerpt)
        .unwrap_or_else(|| panic!("no target {excerpt}"))
}

#[test]
fn counts() {
    let h = load();
    assert_eq!(h.year, 2019);
    assert_eq!(h.targets.len(), 50);
    let count = |b: &str| h.targets.iter().filter(|t| t.bound == b).count();
    assert_eq!(count("floor"), 28);
    assert_eq!(count("exact"), 19);
    assert_eq!(count("range"), 2);
    assert_eq!(count("top"), 1);
    assert_eq!(h.targets.iter().filter(|t| !t.indicators.is_empty()).count(), 21);
}

#[test]
fn spot_values() {
    let h = load();
    let t = find(&h, "2019年数字经济核心产业增加值超500亿元");
    assert_eq!(
        (t.value, t.unit.as_str(), t.bound.as_str()),
        (500.0, "亿元", "floor")
    );
    assert_eq!(t.markers, ["超"]);
    assert_eq!(t.indicators, ["数字经济核心产业增加值"]);
    assert_eq!(t.line.as_deref(), Some("standard"));
    let t = find(&h, "增速力争达到15%");
    assert_eq!((t.value, t.line.as_deref()), (15.0, Some("high")));
    let t = find(&h, "力争 2019 年新增、改造通信基站 3500 个以上");
    assert_eq!(t.value, 3500.0);
    assert_eq!(t.indicators, ["基站铁塔改造", "基站铁塔新建"]);
    let t = find(&h, "城域网出口带宽突破 12T");
    assert_eq!((t.value, t.unit.as_str()), (12.0, "T"));
    assert!(t.markers.iter().any(|m| m == "突破"));
    let t = find(&h, "光纤用户数累计 330 万户");
    assert_eq!((t.value, t.unit.as_str()), (330.0, "万户"));
    let t = find(&h, "新增上云企业1万家");
    assert_eq!((t.value, t.unit.as_str()), (1.0, "万家"));
    assert_eq!(t.indicators, ["企业上云数"]);
    let t = find(&h, "新建阿里盒马鲜生等较大型新业态门店 1-2 家");
    assert_eq!((t.value, t.upper, t.bound.as_str()), (1.0, Some(2.0), "range"));
    let t = find(&h, "到 2019 年年底累计建成 40 个环境质量自动监测点");
    assert_eq!((t.value, t.bound.as_str()), (40.0, "exact"));
    let t = find(&h, "我市数字经济发展指数实现晋等升位，进入全省前三");
    assert_eq!((t.value, t.bound.as_str()), (3.0, "top"));
    assert_eq!(find(&h, "制作播放宣传片 10 期").value, 10.0);
    assert_eq!(find(&h, "力争2019年举办5场次以上").unit, "场次");
    assert_eq!(find(&h, "实现 IPV6 活跃用户达 200 万户以上").value, 200.0);
    for p in [
        "力争2019年实现75%的市级部门接入平台",
        "60%以上政务服务事项“掌上可办”",
    ] {
        assert_eq!(find(&h, p).unit, "%");
    }
}

#[test]
fn indicator_references_resolve() {
    let h = load();
    let targets: TargetTable = ron::from_str(&common::read("targets-2019.ron")).expect("targets");
    let names: Vec<&str> = targets
        .sheets
        .iter()
        .flat_map(|s| &s.indicators)
        .map(|i| i.name.as_str())
        .collect();
    for t in &h.targets {
        for i in &t.indicators {
            assert!(names.contains(&i.as_str()), "{i} is not in targets-2019.ron");
        }
        assert!(matches!(
            t.line.as_deref(),
            None | Some("standard") | Some("high")
        ));
        assert_eq!(t.line.is_some(), !t.indicators.is_empty(), "{}", t.excerpt);
    }
}
