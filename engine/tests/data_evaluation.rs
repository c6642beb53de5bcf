//! `data/evaluation-2017.ron`: annex 4.

use crate::common;

use tally_engine::model::{Evaluation, EvaluationRow, Score, Table};

fn load() -> Evaluation {
    common::load("evaluation-2017.ron", "Evaluation", |t| match t {
        Table::Evaluation(t) => Some(t),
        _ => None,
    })
}

fn row<'a>(e: &'a Evaluation, region: &str) -> &'a EvaluationRow {
    e.rows
        .iter()
        .find(|r| r.region == region)
        .unwrap_or_else(|| panic!("no row {region}"))
}

fn score(score: f64, rank: u32) -> Score {
    Score { score, rank }
}

#[test]
fn counts() {
    let e = load();
    assert_eq!(e.year, 2017);
    assert_eq!(e.rows.len(), 12);
    assert_eq!(e.rows[0].region, "温州市");
    assert_eq!(e.rows[11].region, "苍南县");
    for r in &e.rows {
        let dims: Vec<&str> = r.scores.keys().map(String::as_str).collect();
        assert_eq!(
            dims,
            [
                "基础设施",
                "数字产业化",
                "产业数字化",
                "新业态新模式",
                "政府和社会数字化"
            ]
        );
    }
    assert_eq!(e.rows.iter().filter(|r| r.tier.is_none()).count(), 1);
}

#[test]
fn spot_values() {
    let e = load();
    let city = row(&e, "温州市");
    assert_eq!(city.total, score(87.6, 4));
    assert_eq!(city.tier, None);
    assert_eq!(city.target_rank, 3);
    assert_eq!(city.target_tier, None);
    assert_eq!(city.scores["基础设施"], score(104.1, 5));
    let yq = row(&e, "乐清市");
    assert_eq!(yq.total, score(104.5, 7));
    assert_eq!(yq.target_rank, 6);
    assert_eq!(yq.tier.as_deref(), Some("第一层次"));
    assert_eq!(yq.target_tier.as_deref(), Some("第一层次"));
    assert_eq!(yq.scores["政府和社会数字化"], score(100.0, 28));
    assert_eq!(yq.scores["数字产业化"], score(114.2, 4));
    let ra = row(&e, "瑞安市");
    assert_eq!(ra.scores["政府和社会数字化"], score(100.0, 27));
    let dt = row(&e, "洞头区");
    assert_eq!(dt.scores["新业态新模式"], score(9.6, 85));
    assert_eq!(dt.tier.as_deref(), Some("第五层次"));
    assert_eq!(dt.target_rank, 60);
    assert_eq!(dt.target_tier.as_deref(), Some("第四层次"));
    let ts = row(&e, "泰顺县");
    assert_eq!(ts.total, score(51.9, 87));
    assert_eq!(ts.tier.as_deref(), Some("第六层次"));
    assert_eq!(ts.target_rank, 80);
    let wc = row(&e, "文成县");
    assert_eq!(wc.scores["基础设施"], score(59.6, 88));
    assert_eq!(row(&e, "苍南县").target_rank, 28);
}

#[test]
fn printed_forms() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/evaluation-2017.ron");
    let text = std::fs::read_to_string(path).expect("read");
    // 乐清市 prints 100, 瑞安市 100.0
    assert!(text.contains("(score: 100, rank: 28)"));
    assert!(text.contains("(score: 100.0, rank: 27)"));
}
