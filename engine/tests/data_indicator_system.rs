//! `data/indicator-system-2017.ron`: annex 5.

use crate::common;

use tally_engine::model::{IndicatorSystem, SystemIndicator, Table};

fn load() -> IndicatorSystem {
    common::load("indicator-system-2017.ron", "IndicatorSystem", |t| match t {
        Table::IndicatorSystem(t) => Some(t),
        _ => None,
    })
}

fn indicators(s: &IndicatorSystem) -> impl Iterator<Item = &SystemIndicator> {
    s.categories
        .iter()
        .flat_map(|c| &c.groups)
        .flat_map(|g| &g.indicators)
}

fn indicator<'a>(s: &'a IndicatorSystem, name: &str) -> &'a SystemIndicator {
    indicators(s)
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

#[test]
fn counts() {
    let s = load();
    assert_eq!(s.year, 2017);
    let names: Vec<&str> = s.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "基础设施",
            "数字产业化",
            "产业数字化",
            "新业态新模式",
            "政府和社会数字化"
        ]
    );
    let points: Vec<f64> = s.categories.iter().map(|c| c.points).collect();
    assert_eq!(points, [20.0, 28.0, 22.0, 15.0, 15.0]);
    assert_eq!(s.categories.iter().map(|c| c.groups.len()).sum::<usize>(), 10);
    assert_eq!(indicators(&s).count(), 30);
    let per_category: Vec<usize> = s
        .categories
        .iter()
        .map(|c| c.groups.iter().map(|g| g.indicators.len()).sum())
        .collect();
    assert_eq!(per_category, [7, 6, 6, 4, 7]);
    // the printed weights add up to the printed points
    for c in &s.categories {
        let w: f64 = c
            .groups
            .iter()
            .flat_map(|g| &g.indicators)
            .map(|i| i.weight)
            .sum();
        assert_eq!(w, c.points, "{}", c.name);
    }
    assert_eq!(
        s.categories.iter().map(|c| c.responsible.len()).sum::<usize>(),
        13
    );
    // every row is in exactly one block of its category
    for c in &s.categories {
        let mut covered: Vec<&str> = c
            .responsible
            .iter()
            .flat_map(|b| &b.indicators)
            .map(String::as_str)
            .collect();
        let mut rows: Vec<&str> = c
            .groups
            .iter()
            .flat_map(|g| &g.indicators)
            .map(|i| i.name.as_str())
            .collect();
        covered.sort_unstable();
        rows.sort_unstable();
        assert_eq!(covered, rows, "{}", c.name);
    }
}

#[test]
fn spot_values() {
    let s = load();
    let i = indicator(&s, "信息进村入户覆盖率");
    assert_eq!(
        (i.unit.as_str(), i.weight, i.value, i.rank, i.target_rank),
        ("%", 2.0, 52.4, 9, 5)
    );
    let group = s.categories[0]
        .groups
        .iter()
        .find(|g| g.indicators.iter().any(|x| x.name == "信息进村入户覆盖率"))
        .map(|g| g.name.as_str());
    assert_eq!(group, Some("数字网络普及"));
    let block = s.categories[0]
        .responsible
        .iter()
        .find(|b| b.indicators.iter().any(|x| x == "信息进村入户覆盖率"))
        .expect("block");
    assert_eq!(block.units, ["市农业农村局", "各县（市、区）人民政府"]);
    assert_eq!(block.lead.len(), 1);
    assert_eq!(block.lead[0].unit, "市农业农村局");
    let bw = indicator(&s, "城域网出口带宽");
    assert_eq!(
        (bw.unit.as_str(), bw.value, bw.rank, bw.target_rank),
        ("Gbps", 11830.0, 3, 2)
    );
    assert_eq!(indicator(&s, "固定宽带端口平均速率").value, 167.8);
    assert_eq!(indicator(&s, "数字经济核心产业增加值占 GDP 的比例").weight, 8.0);
    assert_eq!(indicator(&s, "人均电子商务销售额").value, 6124.0);
    assert_eq!(indicator(&s, "信息化投入占营业收入比例").value, 0.2);
    assert_eq!(indicator(&s, "服务方式完备度").rank, 10);
    assert_eq!(indicator(&s, "在线服务成效度").target_rank, 3);
    assert_eq!(indicator(&s, "客车 ETC 使用率").unit, "%");
    assert_eq!(
        indicator(&s, "人均拥有数字经济核心产业有效发明专利数").unit,
        "件/万人"
    );

    // 产业数字化投入: four lead units, each for one enterprise population
    let block = &s.categories[2].responsible[0];
    let leads: Vec<(&str, Option<&str>)> = block
        .lead
        .iter()
        .map(|l| (l.unit.as_str(), l.scope.as_deref()))
        .collect();
    assert_eq!(
        leads,
        [
            ("市发改委", Some("规上服务业法人单位")),
            ("市经信局", Some("规上工业企业")),
            (
                "市住建局",
                Some("有资质的建筑业和有开发经营活动的全部房地产开发经营业")
            ),
            ("市商务局", Some("限额以上批发和零售业")),
        ]
    );
    assert_eq!(block.units[4], "各县(市、区)人民政府");
    // the patent row's lead unit keeps its seed spelling
    assert_eq!(s.categories[1].responsible[1].lead[0].unit, "市市场监管局");
    // the merged block spans two first-level indicators
    assert_eq!(s.categories[1].responsible[2].indicators.len(), 4);
}
