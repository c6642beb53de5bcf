//! The regional sums of every additive indicator of `data/targets-2019.ron`,
//! recomputed from the RON (unassigned `-` skipped) and compared with what the
//! seed's annexes 2 and 3 imply (worked out from the printed columns, not
//! from the RON).

use crate::common;

use tally_engine::model::TargetTable;

fn load() -> TargetTable {
    ron::from_str(&common::read("targets-2019.ron")).expect("parse as TargetTable")
}

/// Which city line the printed breakdown adds up to.
#[derive(Debug, PartialEq)]
enum Sum {
    High,
    Standard,
    Neither(f64),
}

/// Indicator → what the seed's breakdown adds up to.
const EXPECTED: &[(&str, Sum)] = &[
    // annex 2
    ("数字经济核心产业增加值", Sum::High),        // 520
    ("数字经济产业示范项目", Sum::High),          // 20
    ("园区智慧化改造", Sum::High),                // 18
    ("企业智能化改造 (包括机器换人)", Sum::High), // 550
    ("无人车间、无人工厂示范项目", Sum::High),    // 25
    ("两化融合示范试点企业 (项目)", Sum::High),   // 30
    ("互联网工业设计示范项目", Sum::High),        // 15
    ("智能化产品示范项目", Sum::High),            // 15
    // annex 3
    ("工业技术软件化示范项目", Sum::High),       // 40
    ("工业 APP 开发应用", Sum::Neither(2300.0)), // lines 2000 / 3000
    ("新增“机器人”应用", Sum::High),             // 1800
    ("企业上云数", Sum::High),                   // 12000
    ("市级以上云应用标杆企业", Sum::High),       // 19
    ("行业云平台", Sum::High),                   // 11
    ("云服务商", Sum::High),                     // 15
    ("基站铁塔改造", Sum::High),                 // 5069
    ("基站铁塔新建", Sum::High),                 // 609
    ("数字经济核心产业示范企业", Sum::High),     // 17
    ("工业互联网平台", Sum::High),               // 10
    ("工业互联网服务商", Sum::High),             // 10
];

#[test]
fn additive_breakdowns_add_up_as_printed() {
    let t = load();
    let additive: Vec<_> = t
        .sheets
        .iter()
        .flat_map(|s| &s.indicators)
        .filter(|i| i.additive)
        .collect();
    assert_eq!(additive.len(), EXPECTED.len());
    for (i, (name, expected)) in additive.iter().zip(EXPECTED) {
        assert_eq!(&i.name, name);
        let sum: f64 = i.breakdown.values().flatten().sum();
        let got = if sum == i.high {
            Sum::High
        } else if sum == i.standard {
            Sum::Standard
        } else {
            Sum::Neither(sum)
        };
        assert_eq!(&got, expected, "{name}: sum {sum}");
    }
}

#[test]
fn spot_sums() {
    let t = load();
    let sum = |n: &str| -> f64 {
        t.sheets
            .iter()
            .flat_map(|s| &s.indicators)
            .find(|i| i.name == n)
            .map(|i| i.breakdown.values().flatten().sum())
            .unwrap_or(f64::NAN)
    };
    assert_eq!(sum("企业上云数"), 12000.0);
    assert_eq!(sum("数字经济核心产业增加值"), 520.0);
    assert_eq!(sum("基站铁塔改造") + sum("基站铁塔新建"), 5678.0);
    assert_eq!(sum("工业 APP 开发应用"), 2300.0);
}
