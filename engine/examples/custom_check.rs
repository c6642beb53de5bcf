//! An embedder adds its own native check beside the Rhai rules.
//!
//! Run from the workspace root:
//!
//! ```text
//! cargo run -p tally-engine --example custom_check
//! ```
//!
//! The check below flags every target whose high line is more than twice
//! its standard line — a plausibility test a reporting service might want
//! without asking staff to write it in Rhai. It is selected, timed and
//! reported exactly like the shipped rules.

use tally_engine::NodeKind;
use tally_engine::{Check, CheckContext, Engine, RuleMeta, RuleOrigin, Severity};

/// High lines far above their standard lines.
struct HighLineFarAbove;

impl Check for HighLineFarAbove {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: "high-line-far-above-standard".into(),
            severity: Severity::Info,
            title: "a high line is more than twice its standard line".into(),
            explanation: "## What it checks\nA target's high line is at most twice its standard line.".into(),
            origin: RuleOrigin::Native,
        }
    }

    fn run(&self, ctx: &mut CheckContext<'_>) {
        let factor = ctx.param("factor").and_then(|v| v.as_f64()).unwrap_or(2.0);
        for file in ctx.files() {
            let Some(doc) = &file.document else { continue };
            if file.kind() != Some("TargetTable") {
                continue;
            }
            // Walk every struct that has both lines.
            for (i, node) in doc.nodes().enumerate() {
                let id = tally_engine::NodeId(i as u32);
                if !matches!(node.kind, NodeKind::Struct { .. }) {
                    continue;
                }
                let figure = |name: &str| {
                    let field = doc.field(id, name)?;
                    match doc.node(field).kind {
                        NodeKind::Int(v) => Some((field, v as f64)),
                        NodeKind::Float(v) => Some((field, v)),
                        _ => None,
                    }
                };
                let (Some((high, h)), Some((standard, s))) = (figure("high"), figure("standard")) else {
                    continue;
                };
                if s > 0.0 && h > factor * s {
                    let related = file.site(standard);
                    let finding = ctx.report(
                        file,
                        high,
                        format!("high line {h} is more than {factor}× the standard line {s}"),
                    );
                    finding.help = Some("check that both lines are in the same unit".into());
                    if let Some(site) = related {
                        finding.related.push(tally_engine::Related {
                            message: "the standard line".into(),
                            site,
                        });
                    }
                }
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::builder()
        .data("data")
        .rules("rules")
        .native_check(HighLineFarAbove)
        .param("high-line-far-above-standard", "factor", 1.5)
        .build()?;
    let report = engine.check();
    for finding in report
        .findings
        .iter()
        .filter(|f| f.rule == "high-line-far-above-standard")
    {
        let at = finding
            .site
            .as_ref()
            .map(|s| format!("{}:{}:{}", s.source.name, s.location.line, s.location.column));
        println!("{} {}: {}", at.unwrap_or_default(), finding.rule, finding.message);
    }
    println!(
        "{} findings in {} files, {} rules",
        report.findings.len(),
        report.files,
        report.rules
    );
    Ok(())
}
