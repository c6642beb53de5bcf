//! The synthetic data generator behind the `synth` binary.
//!
//! [`generate`] writes a project in the shipped schema:
//!
//! | path | what |
//! |---|---|
//! | `data/regions.ron` | `RegionRegistry`: 全国 → ~30 provinces (`第3省`) → cities (`第3省第2市`) → counties (`第3省第2市第7县`), N regions in all |
//! | `data/units.ron` | `UnitRegistry`: national bodies, 4 units per province, 3 per city, a government per county, collective designations |
//! | `data/responsibilities.ron` | `ResponsibilityTable`: a part per province, a task per province and per city, an item per province, city and county |
//! | `data/targets/province-NN.ron` | `TargetTable`: a sheet for the province and for each city that has counties |
//! | `data/targets/national.ron` | `TargetTable`: the country's sheet over the provinces |
//! | `values.csv` | every region × indicator figure, long form `region_id,parent_id,level,indicator,value` |
//! | `regions.csv` | the region registry, `region_id,parent_id,level` |
//! | `manifest.json` | a [`Manifest`] |
//! | `rules/`, `schemas/`, `tally.ron` | the shipped rules (without fixtures) and schemas, and a config naming `data/` and `rules/` |
//!
//! Every sheet has the same K indicators: additive counts and amounts (3 in
//! 5; integers, the high line the exact sum of the sub-regions' figures,
//! the standard line 90 % of it), percentages (1 in 5; one decimal, 10–95)
//! and growth rates (1 in 5; one decimal, −5 to 30, named …增速). About 2 %
//! of the counties' (leaves') figures are unassigned (`None`), never the
//! first sub-region of a sheet.
//!
//! Faults (each yields exactly one finding of one rule; see [`crate::RULES`]):
//! a leaf's breakdown value is given one with probability `fault_rate`,
//! one in three a misspelt key (the last character dropped:
//! `unknown-region`), otherwise by the indicator's kind a figure raised by
//! 10–99 (`breakdown-sum-mismatch`, at most one per breakdown), a
//! percentage above 100 or below 0, or a growth rate of 120–200 % or
//! −60 to −90 %. Each sheet × indicator swaps its lines with probability
//! `fault_rate` (`high-below-standard`; such a breakdown gets no sum fault,
//! and the swapped standard line still equals the sum). Each unit name of
//! an item is misspelt with probability `fault_rate` (`unknown-unit`, a
//! spelling that is no registered name and no prefix of one), and each
//! item but the first repeats the previous item's text with probability
//! `fault_rate` (`duplicate-content-item`). With a positive rate every kind
//! is injected at least once. Faults touch leaves only, so the CSV shows
//! the same faults one for one.
//!
//! Printing habits that the rules accept are mixed in and must produce no
//! finding: half-width brackets in `各县(市、区)人民政府` and shared-suffix
//! listings (`第1省第1市第1县`, `第1省第1市第2县人民政府`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::manifest::{Fault, Manifest, Sizes};
use crate::rng::{hash, unit};
use crate::{
    BREAKDOWN_SUM_MISMATCH, DUPLICATE_CONTENT_ITEM, GROWTH_RATE_OUT_OF_RANGE, HIGH_BELOW_STANDARD,
    PERCENTAGE_OUT_OF_RANGE, RULES, UNKNOWN_REGION, UNKNOWN_UNIT,
};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Regions in all (at least 2).
    pub regions: usize,
    /// Indicators per sheet (at least 1).
    pub indicators: usize,
    /// The seed.
    pub seed: u64,
    /// The share of values given a fault, in `[0, 1]`.
    pub fault_rate: f64,
    /// The rules folder to copy (default: the workspace's `rules/`).
    pub rules: Option<PathBuf>,
}

impl Options {
    /// `regions` × `indicators`, seed 1, fault rate 0.001.
    pub fn new(regions: usize, indicators: usize) -> Self {
        Options {
            regions,
            indicators,
            seed: 1,
            fault_rate: 0.001,
            rules: None,
        }
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the fault rate.
    pub fn fault_rate(mut self, rate: f64) -> Self {
        self.fault_rate = rate;
        self
    }

    /// Sets the rules folder to copy.
    pub fn rules(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rules = Some(dir.into());
        self
    }
}

/// The workspace's shipped `rules/` folder.
pub fn shipped_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("rules")
}

/// The workspace's shipped `schemas/` folder.
pub fn shipped_schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("schemas")
}

// Decision streams of the hash.
const S_LEAF: u64 = 1;
const S_NONE: u64 = 2;
const S_VFAULT: u64 = 3;
const S_VKIND: u64 = 4;
const S_HBS: u64 = 5;
const S_UFAULT: u64 = 6;
const S_DUP: u64 = 7;
const S_HABIT: u64 = 8;
const S_FORCE: u64 = 9;
const S_DELTA: u64 = 10;
const S_PHRASE: u64 = 11;
const S_LINE: u64 = 12;

/// Share of leaf figures left unassigned.
const UNASSIGNED_RATE: f64 = 0.02;
/// Share of items with a shared-suffix listing (besides the first place
/// where one fits).
const SHARED_SUFFIX_RATE: f64 = 0.002;
/// Share of items naming a collective designation (half of them with
/// half-width brackets).
const COLLECTIVE_RATE: f64 = 0.02;

const COUNTRY: &str = "全国";
const COLLECTIVE_COUNTIES: &str = "各县（市、区）人民政府";
const COLLECTIVE_COUNTIES_HALF: &str = "各县(市、区)人民政府";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Country,
    Province,
    City,
    County,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
        }
    }
}

/// The region tree; region 0 is the country.
struct Tree {
    names: Vec<String>,
    levels: Vec<Level>,
    parents: Vec<u32>,
    children: Vec<Vec<u32>>,
    provinces: usize,
    cities: usize,
    counties: usize,
}

impl Tree {
    fn new(n: usize) -> Tree {
        let provinces = (n / 100).clamp(1, 30);
        let rest = n - 1 - provinces;
        let cities = if rest == 0 {
            0
        } else {
            (rest / 11).max(provinces.min(rest))
        };
        let counties = rest - cities;
        let mut t = Tree {
            names: Vec::with_capacity(n),
            levels: Vec::with_capacity(n),
            parents: Vec::with_capacity(n),
            children: vec![Vec::new(); n],
            provinces,
            cities,
            counties,
        };
        t.push(COUNTRY.into(), Level::Country, u32::MAX);
        for p in 0..provinces {
            t.push(format!("第{}省", p + 1), Level::Province, 0);
        }
        let city0 = 1 + provinces;
        for i in 0..cities {
            let province = 1 + (i % provinces);
            let name = format!("{}第{}市", t.names[province], i / provinces + 1);
            t.push(name, Level::City, province as u32);
        }
        for j in 0..counties {
            let city = city0 + (j % cities);
            let name = format!("{}第{}县", t.names[city], j / cities + 1);
            t.push(name, Level::County, city as u32);
        }
        t
    }

    fn push(&mut self, name: String, level: Level, parent: u32) {
        let id = self.names.len() as u32;
        if parent != u32::MAX {
            self.children[parent as usize].push(id);
        }
        self.names.push(name);
        self.levels.push(level);
        self.parents.push(parent);
    }

    fn len(&self) -> usize {
        self.names.len()
    }

    fn is_leaf(&self, r: u32) -> bool {
        self.children[r as usize].is_empty()
    }

    fn is_first_child(&self, r: u32) -> bool {
        let parent = self.parents[r as usize];
        parent != u32::MAX && self.children[parent as usize].first() == Some(&r)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A count or amount: integer figures up to `max` per leaf.
    Additive { max: i64 },
    /// A share in % (tenths of a percent internally).
    Percent,
    /// A growth rate in % (tenths internally).
    Growth,
}

struct Indicator {
    name: String,
    unit: &'static str,
    kind: Kind,
}

const ADDITIVE: &[(&str, &str, i64)] = &[
    ("数字经济核心产业增加值", "亿元", 500),
    ("规上工业企业数字化改造项目", "个", 50),
    ("上云企业", "家", 200),
    ("工业 APP 开发应用", "个", 100),
    ("5G 基站新建", "个", 300),
    ("工业机器人新增应用", "台", 100),
    ("电子商务交易额", "亿元", 500),
    ("数字经济产业示范项目", "个", 20),
    ("高新技术企业", "家", 100),
    ("智能化技术改造投资", "亿元", 200),
    ("网络零售额", "亿元", 300),
    ("数字化车间和智能工厂", "个", 30),
];
const PERCENT: &[&str] = &[
    "工业设备联网率",
    "规上工业企业数字化改造覆盖率",
    "城市光纤入户率",
    "政务服务事项网上办理率",
    "企业上云率",
    "行政村光纤通达率",
];
const GROWTH: &[&str] = &[
    "数字经济核心产业增加值增速",
    "规上软件和信息技术服务业营业收入增速",
    "电子商务交易额增速",
    "网络零售额增速",
    "数字经济投资增速",
];
const PHRASES: &[&str] = &[
    "推进数字经济核心产业发展，培育一批数字经济引领企业",
    "加快 5G 网络和数据中心建设，完善信息基础设施",
    "推动规上工业企业数字化改造，建设数字化车间和智能工厂",
    "发展电子商务和数字贸易，扩大网络零售",
    "推进政务服务网上办理，建设数字政府",
    "推动企业上云用云，发展工业互联网平台",
];

fn indicators(k: usize) -> Vec<Indicator> {
    let mut counts = [0usize; 3];
    (0..k)
        .map(|j| {
            let class = match j % 5 {
                3 if k > 1 => 1,
                4 if k > 1 => 2,
                _ => 0,
            };
            let n = counts[class];
            counts[class] += 1;
            let numbered = |base: &str, len: usize| {
                if n < len {
                    base.to_owned()
                } else {
                    format!("{base}（{}）", n / len + 1)
                }
            };
            match class {
                0 => {
                    let (base, unit, max) = ADDITIVE[n % ADDITIVE.len()];
                    Indicator {
                        name: numbered(base, ADDITIVE.len()),
                        unit,
                        kind: Kind::Additive { max },
                    }
                }
                1 => Indicator {
                    name: numbered(PERCENT[n % PERCENT.len()], PERCENT.len()),
                    unit: "%",
                    kind: Kind::Percent,
                },
                _ => Indicator {
                    name: numbered(GROWTH[n % GROWTH.len()], GROWTH.len()),
                    unit: "%",
                    kind: Kind::Growth,
                },
            }
        })
        .collect()
}

/// Kinds of faults on a breakdown value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueFault {
    Sum,
    Percent,
    Growth,
    Region,
}

/// Sites that get a fault whatever the draw, so that every kind occurs.
#[derive(Debug, Default)]
struct Forced {
    values: Vec<((u32, usize), ValueFault)>,
    hbs: Option<(u32, usize)>,
    unit_item: Option<usize>,
    dup_item: Option<usize>,
}

/// A text sink that knows the line and byte offset it is at.
struct Out {
    w: BufWriter<File>,
    lineno: u32,
    bytes: u64,
}

const SPACES: &str = "                                                ";

impl Out {
    fn create(path: &Path) -> io::Result<Out> {
        Ok(Out {
            w: BufWriter::with_capacity(1 << 16, File::create(path)?),
            lineno: 1,
            bytes: 0,
        })
    }

    /// Writes text without a line break.
    fn put(&mut self, s: &str) -> io::Result<()> {
        debug_assert!(!s.contains('\n'));
        self.bytes += s.len() as u64;
        self.w.write_all(s.as_bytes())
    }

    fn nl(&mut self) -> io::Result<()> {
        self.lineno += 1;
        self.put_raw("\n")
    }

    fn put_raw(&mut self, s: &str) -> io::Result<()> {
        self.bytes += s.len() as u64;
        self.w.write_all(s.as_bytes())
    }

    /// Writes a whole line at an indentation depth (4 spaces each).
    fn line(&mut self, depth: usize, s: &str) -> io::Result<()> {
        self.indent(depth)?;
        self.put(s)?;
        self.nl()
    }

    fn indent(&mut self, depth: usize) -> io::Result<()> {
        self.put(&SPACES[..(4 * depth).min(SPACES.len())])
    }

    fn finish(mut self) -> io::Result<u64> {
        self.w.flush()?;
        Ok(self.bytes)
    }
}

/// Appends a figure: an integer, or tenths as a one-decimal number.
fn figure(buf: &mut String, v: i64, tenths: bool) {
    if tenths {
        let sign = if v < 0 { "-" } else { "" };
        let a = v.unsigned_abs();
        let _ = write!(buf, "{sign}{}.{}", a / 10, a % 10);
    } else {
        let _ = write!(buf, "{v}");
    }
}

fn quoted(s: &str) -> String {
    format!("{s:?}")
}

/// Writes a string literal; names need no escapes (checked), others get
/// Rust's (which RON reads).
fn put_quoted(o: &mut Out, s: &str) -> io::Result<()> {
    if s.contains(|c: char| c == '"' || c == '\\' || c.is_control()) {
        return o.put(&quoted(s));
    }
    o.put("\"")?;
    o.put(s)?;
    o.put("\"")
}

struct Generator<'a> {
    opts: &'a Options,
    tree: Tree,
    inds: Vec<Indicator>,
    forced: Forced,
    faults: Vec<Fault>,
    csv: BufWriter<File>,
    sizes: Sizes,
    data_bytes: u64,
    /// Every registered unit name.
    units: BTreeSet<String>,
}

/// Generates a data set into `out` (created if missing; files in it are
/// overwritten) and returns its manifest, which is also written to
/// `out/manifest.json`.
pub fn generate(opts: &Options, out: &Path) -> io::Result<Manifest> {
    if opts.regions < 2 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--regions must be at least 2",
        ));
    }
    if opts.indicators < 1 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--indicators must be at least 1",
        ));
    }
    if !(0.0..=1.0).contains(&opts.fault_rate) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--fault-rate must be between 0 and 1",
        ));
    }
    std::fs::create_dir_all(out.join("data").join("targets"))?;
    let tree = Tree::new(opts.regions);
    let inds = indicators(opts.indicators);
    let mut csv = BufWriter::with_capacity(1 << 16, File::create(out.join("values.csv"))?);
    writeln!(csv, "region_id,parent_id,level,indicator,value")?;
    let mut g = Generator {
        opts,
        tree,
        inds,
        forced: Forced::default(),
        faults: Vec::new(),
        csv,
        sizes: Sizes::default(),
        data_bytes: 0,
        units: BTreeSet::new(),
    };
    g.choose_forced();
    g.regions(out)?;
    g.unit_registry(out)?;
    g.responsibilities(out)?;
    g.targets(out)?;
    g.csv.flush()?;

    copy_rules(
        opts.rules.clone().unwrap_or_else(shipped_rules).as_path(),
        &out.join("rules"),
    )?;
    std::fs::create_dir_all(out.join("schemas"))?;
    for entry in std::fs::read_dir(shipped_schemas())? {
        let path = entry?.path();
        if let (Some(name), true) = (path.file_name(), path.extension().is_some_and(|e| e == "ron")) {
            std::fs::copy(&path, out.join("schemas").join(name))?;
        }
    }
    std::fs::write(
        out.join("tally.ron"),
        "#![enable(implicit_some)]\n\
         // Written by synth: check with `tally check` run in this folder.\n\
         Config(data: [\"data\"], rules: \"rules\")\n",
    )?;

    let mut counts: BTreeMap<String, usize> = RULES.iter().map(|r| ((*r).to_owned(), 0)).collect();
    for f in &g.faults {
        *counts.entry(f.rule.clone()).or_default() += 1;
    }
    let mut faults = std::mem::take(&mut g.faults);
    faults.sort_by(|a, b| (&a.file, a.start, &a.rule).cmp(&(&b.file, b.start, &b.rule)));
    let t = &g.tree;
    let sizes = Sizes {
        regions: t.len(),
        provinces: t.provinces,
        cities: t.cities,
        counties: t.counties,
        indicators: g.inds.len(),
        additive: g
            .inds
            .iter()
            .filter(|i| matches!(i.kind, Kind::Additive { .. }))
            .count(),
        percent: g.inds.iter().filter(|i| i.kind == Kind::Percent).count(),
        growth: g.inds.iter().filter(|i| i.kind == Kind::Growth).count(),
        ..g.sizes.clone()
    };
    let manifest = Manifest {
        generator: concat!("tally-bench synth ", env!("CARGO_PKG_VERSION")).into(),
        seed: opts.seed,
        fault_rate: opts.fault_rate,
        values: (t.len() * g.inds.len()) as u64,
        sizes,
        data_bytes: g.data_bytes,
        counts,
        faults,
    };
    let file = BufWriter::new(File::create(out.join("manifest.json"))?);
    serde_json::to_writer_pretty(file, &manifest).map_err(io::Error::other)?;
    Ok(manifest)
}

/// Generates a data set into `out` unless the manifest there says it was
/// generated with the same options already (benches reuse their data).
pub fn ensure(opts: &Options, out: &Path) -> io::Result<Manifest> {
    if let Ok(m) = crate::manifest::read(out) {
        let same = m.seed == opts.seed
            && m.fault_rate == opts.fault_rate
            && m.sizes.regions == opts.regions
            && m.sizes.indicators == opts.indicators
            && m.generator.ends_with(env!("CARGO_PKG_VERSION"));
        if same {
            return Ok(m);
        }
    }
    generate(opts, out)
}

fn push_fault(faults: &mut Vec<Fault>, rule: &str, file: &str, path: String, at: (u32, u64), detail: String) {
    faults.push(Fault {
        rule: rule.into(),
        file: file.into(),
        path,
        line: at.0,
        start: at.1,
        detail,
    });
}

/// Copies a rules folder: `*.rhai`, `*.checks.ron` and `lib/`, not `fixtures/`.
pub fn copy_rules(from: &Path, to: &Path) -> io::Result<()> {
    let entries = std::fs::read_dir(from)
        .map_err(|e| io::Error::new(e.kind(), format!("rules folder `{}`: {e}", from.display())))?;
    std::fs::create_dir_all(to)?;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if name == "fixtures" {
                continue;
            }
            copy_rules(&path, &to.join(&name))?;
        } else if path.extension().is_some_and(|e| e == "rhai")
            || path.to_string_lossy().ends_with(".checks.ron")
        {
            std::fs::copy(&path, to.join(&name))?;
        }
    }
    Ok(())
}

impl Generator<'_> {
    fn h(&self, stream: u64, a: u64, b: u64) -> u64 {
        hash(self.opts.seed, stream, a, b)
    }

    fn draw(&self, stream: u64, a: u64, b: u64) -> bool {
        self.opts.fault_rate > 0.0 && unit(self.h(stream, a, b)) < self.opts.fault_rate
    }

    fn choose_forced(&mut self) {
        if self.opts.fault_rate <= 0.0 {
            return;
        }
        let t = &self.tree;
        let leaves: Vec<u32> = (1..t.len() as u32).filter(|&r| t.is_leaf(r)).collect();
        let sheets: Vec<u32> = (0..t.len() as u32).filter(|&r| !t.is_leaf(r)).collect();
        let of_kind = |f: &dyn Fn(Kind) -> bool| -> Vec<usize> {
            (0..self.inds.len()).filter(|&j| f(self.inds[j].kind)).collect()
        };
        let kinds = [
            (ValueFault::Sum, of_kind(&|k| matches!(k, Kind::Additive { .. }))),
            (ValueFault::Percent, of_kind(&|k| k == Kind::Percent)),
            (ValueFault::Growth, of_kind(&|k| k == Kind::Growth)),
            (ValueFault::Region, (0..self.inds.len()).collect()),
        ];
        let mut values: Vec<((u32, usize), ValueFault)> = Vec::new();
        for (i, (fault, js)) in kinds.into_iter().enumerate() {
            if js.is_empty() || leaves.is_empty() {
                continue;
            }
            let leaf = leaves[(self.h(S_FORCE, i as u64, 0) % leaves.len() as u64) as usize];
            let mut j = js[(self.h(S_FORCE, i as u64, 1) % js.len() as u64) as usize];
            if values.iter().any(|(site, _)| *site == (leaf, j)) {
                j = (j + 1) % self.inds.len();
                if values.iter().any(|(site, _)| *site == (leaf, j)) {
                    continue;
                }
            }
            values.push(((leaf, j), fault));
        }
        let sum_site = values
            .iter()
            .find(|(_, f)| *f == ValueFault::Sum)
            .map(|((leaf, j), _)| (t.parents[*leaf as usize], *j));
        let s = sheets[(self.h(S_FORCE, 10, 0) % sheets.len() as u64) as usize];
        let mut j = (self.h(S_FORCE, 10, 1) % self.inds.len() as u64) as usize;
        if sum_site == Some((s, j)) {
            j = (j + 1) % self.inds.len();
        }
        let hbs = (sum_site != Some((s, j))).then_some((s, j));
        let items = t.provinces + t.cities + t.counties;
        self.forced = Forced {
            values,
            hbs,
            unit_item: Some((self.h(S_FORCE, 11, 0) % items as u64) as usize),
            dup_item: Some(((self.h(S_FORCE, 12, 0) % items as u64) as usize).max(1)),
        };
    }

    fn fault(&mut self, rule: &str, file: &str, path: String, at: (u32, u64), detail: String) {
        push_fault(&mut self.faults, rule, file, path, at, detail);
    }

    fn finish_file(&mut self, out: Out) -> io::Result<()> {
        self.data_bytes += out.finish()?;
        self.sizes.files += 1;
        Ok(())
    }

    fn regions(&mut self, dir: &Path) -> io::Result<()> {
        let mut csv = BufWriter::new(File::create(dir.join("regions.csv"))?);
        writeln!(csv, "region_id,parent_id,level")?;
        let mut o = Out::create(&dir.join("data").join("regions.ron"))?;
        o.line(0, "#![enable(implicit_some)]")?;
        o.line(
            0,
            &format!("// Generated by tally-bench synth (seed {}).", self.opts.seed),
        )?;
        o.line(0, "RegionRegistry(")?;
        o.line(1, "title: \"synth 地区名录\",")?;
        o.line(
            1,
            &format!("source: \"tally-bench synth, seed {}\",", self.opts.seed),
        )?;
        o.line(1, "regions: [")?;
        let t = &self.tree;
        for r in 0..t.len() {
            let parent = t.parents[r];
            let (parent_ron, parent_csv) = if parent == u32::MAX {
                ("None".to_owned(), "")
            } else {
                (
                    quoted(&t.names[parent as usize]),
                    t.names[parent as usize].as_str(),
                )
            };
            let kind = t.levels[r].as_str();
            o.line(
                2,
                &format!(
                    "(name: {}, kind: \"{kind}\", parent: {parent_ron}),",
                    quoted(&t.names[r])
                ),
            )?;
            writeln!(csv, "{},{parent_csv},{kind}", t.names[r])?;
        }
        o.line(1, "],")?;
        o.line(0, ")")?;
        csv.flush()?;
        self.finish_file(o)
    }

    fn unit_registry(&mut self, dir: &Path) -> io::Result<()> {
        let mut o = Out::create(&dir.join("data").join("units.ron"))?;
        o.line(0, "#![enable(implicit_some)]")?;
        o.line(
            0,
            &format!("// Generated by tally-bench synth (seed {}).", self.opts.seed),
        )?;
        o.line(0, "UnitRegistry(")?;
        o.line(1, "title: \"synth 单位名录\",")?;
        o.line(
            1,
            &format!("source: \"tally-bench synth, seed {}\",", self.opts.seed),
        )?;
        o.line(1, "units: [")?;
        let mut units: Vec<String> = Vec::new();
        let mut unit = |o: &mut Out, name: &str, kind: &str, extra: &str| -> io::Result<()> {
            units.push(name.to_owned());
            o.line(2, &format!("(name: {}, kind: \"{kind}\"{extra}),", quoted(name)))
        };
        let group = "国家数字经济发展领导小组";
        unit(&mut o, group, "group", "")?;
        unit(
            &mut o,
            &format!("{group}办公室"),
            "office",
            &format!(", parent: {}, lead: \"国家发改委\"", quoted(group)),
        )?;
        for name in ["国家发改委", "国家工信部", "国家统计局"] {
            unit(&mut o, name, "department", "")?;
        }
        unit(&mut o, "各省人民政府", "collective", "")?;
        unit(&mut o, COLLECTIVE_COUNTIES, "collective", "")?;
        let t = &self.tree;
        for r in 1..t.len() {
            let name = &t.names[r];
            let region = format!(", region: {}", quoted(name));
            match t.levels[r] {
                Level::Province => {
                    unit(&mut o, &format!("{name}人民政府"), "government", &region)?;
                    for dept in ["发改委", "经信厅", "统计局"] {
                        unit(&mut o, &format!("{name}{dept}"), "department", "")?;
                    }
                    unit(
                        &mut o,
                        &format!("{name}数字经济发展领导小组"),
                        "group",
                        &format!(
                            ", parent: {}, lead: {}",
                            quoted(group),
                            quoted(&format!("{name}发改委"))
                        ),
                    )?;
                }
                Level::City => {
                    unit(&mut o, &format!("{name}人民政府"), "government", &region)?;
                    for dept in ["经信局", "统计局"] {
                        unit(&mut o, &format!("{name}{dept}"), "department", "")?;
                    }
                }
                Level::County => unit(&mut o, &format!("{name}人民政府"), "government", &region)?,
                Level::Country => {}
            }
        }
        o.line(1, "],")?;
        o.line(0, ")")?;
        self.sizes.units = units.len();
        self.units = units.into_iter().collect();
        self.finish_file(o)
    }

    /// A misspelling of a registered unit that the unknown-unit rule cannot
    /// excuse: not registered, not a prefix of a registered name, and no
    /// brackets (which the rule normalises).
    fn misspell(&self, name: &str) -> Option<String> {
        let replacements = [
            ("人民政府", "政府"),
            ("经信局", "经济和信息化局"),
            ("经信厅", "经济和信息化厅"),
            ("发改委", "发展改革委"),
            ("统计局", "统计处"),
        ];
        let (from, to) = replacements.iter().find(|(from, _)| name.ends_with(from))?;
        let wrong = format!("{}{to}", &name[..name.len() - from.len()]);
        let is_prefix = self
            .units
            .range(wrong.clone()..)
            .next()
            .is_some_and(|k| k.starts_with(&wrong));
        (!is_prefix && !wrong.contains(['(', ')'])).then_some(wrong)
    }

    fn responsibilities(&mut self, dir: &Path) -> io::Result<()> {
        const FILE: &str = "data/responsibilities.ron";
        let mut o = Out::create(&dir.join(FILE))?;
        o.line(0, "#![enable(implicit_some)]")?;
        o.line(
            0,
            &format!("// Generated by tally-bench synth (seed {}).", self.opts.seed),
        )?;
        o.line(0, "ResponsibilityTable(")?;
        o.line(1, "title: \"synth 责任分解表\",")?;
        o.line(
            1,
            &format!("source: \"tally-bench synth, seed {}\",", self.opts.seed),
        )?;
        o.line(1, "year: 2019,")?;
        o.line(1, "parts: [")?;
        let mut item_no = 0usize;
        let mut task_no = 0u32;
        let mut prev_text = String::new();
        let mut shared_suffix_done = false;
        let provinces: Vec<u32> = self.tree.children[0].clone();
        for (a, &p) in provinces.iter().enumerate() {
            let pname = self.tree.names[p as usize].clone();
            o.line(2, "(")?;
            o.line(3, &format!("number: \"{}\",", a + 1))?;
            o.line(3, &format!("title: \"推进{pname}数字经济发展\","))?;
            o.line(3, "headline: None,")?;
            o.line(3, "tasks: [")?;
            // Task 0: the province's own item; then one task per city.
            let mut tasks: Vec<(String, Vec<u32>)> = vec![(format!("统筹推进{pname}数字经济发展"), vec![p])];
            for &c in &self.tree.children[p as usize] {
                let mut regions = vec![c];
                regions.extend(self.tree.children[c as usize].iter().copied());
                tasks.push((
                    format!("推进{}数字经济发展", self.tree.names[c as usize]),
                    regions,
                ));
            }
            for (b, (task_name, regions)) in tasks.iter().enumerate() {
                task_no += 1;
                self.sizes.tasks += 1;
                o.line(4, "(")?;
                o.line(5, &format!("number: {task_no},"))?;
                o.line(5, &format!("name: {},", quoted(task_name)))?;
                o.line(5, "items: [")?;
                for (c, &r) in regions.iter().enumerate() {
                    let it = item_no;
                    item_no += 1;
                    self.sizes.items += 1;
                    let name = self.tree.names[r as usize].clone();
                    let base = format!("parts[{a}].tasks[{b}].items[{c}]");
                    // Units: [own, ...] by level; `faultable` marks region-specific names.
                    let mut units: Vec<(String, bool)> = match self.tree.levels[r as usize] {
                        Level::Province => vec![
                            (format!("{name}发改委"), true),
                            (format!("{name}经信厅"), true),
                            (format!("{name}统计局"), true),
                        ],
                        Level::City => vec![
                            (format!("{name}人民政府"), true),
                            (format!("{name}经信局"), true),
                            (format!("{name}统计局"), true),
                        ],
                        _ => {
                            let city = &self.tree.names[self.tree.parents[r as usize] as usize];
                            vec![(format!("{name}人民政府"), true), (format!("{city}经信局"), true)]
                        }
                    };
                    // Shared-suffix listing: `第1县`, `第2县人民政府` names both governments.
                    let mut shared_suffix = false;
                    if self.tree.levels[r as usize] == Level::County {
                        let siblings = &self.tree.children[self.tree.parents[r as usize] as usize];
                        let pos = siblings.iter().position(|&s| s == r).unwrap_or(0);
                        if pos + 1 < siblings.len()
                            && (!shared_suffix_done
                                || unit(self.h(S_HABIT, it as u64, 0)) < SHARED_SUFFIX_RATE)
                        {
                            shared_suffix_done = true;
                            shared_suffix = true;
                            let next = &self.tree.names[siblings[pos + 1] as usize];
                            units[0] = (name.clone(), false);
                            units.insert(1, (format!("{next}人民政府"), false));
                        }
                    }
                    let collective = unit(self.h(S_HABIT, it as u64, 1));
                    if collective < COLLECTIVE_RATE / 2.0 {
                        units.push((COLLECTIVE_COUNTIES_HALF.into(), false));
                    } else if collective < COLLECTIVE_RATE {
                        units.push((COLLECTIVE_COUNTIES.into(), false));
                    }
                    // In a shared-suffix listing only the last name may be
                    // misspelt: the others excuse the first one.
                    if shared_suffix {
                        let last = units.len() - 1;
                        for (i, u) in units.iter_mut().enumerate() {
                            u.1 = i == last && u.1;
                        }
                    }
                    let forced_unit = if self.forced.unit_item == Some(it) {
                        units.iter().position(|u| u.1)
                    } else {
                        None
                    };
                    // Text, maybe a repeat of the previous item's.
                    let duplicate =
                        it > 0 && (self.forced.dup_item == Some(it) || self.draw(S_DUP, it as u64, 0));
                    let text = if duplicate {
                        prev_text.clone()
                    } else {
                        let phrase =
                            PHRASES[(self.h(S_PHRASE, it as u64, 0) % PHRASES.len() as u64) as usize];
                        format!("{name}：{phrase}（第 {} 项）。", it + 1)
                    };
                    o.line(6, "(")?;
                    o.indent(7)?;
                    o.put("text: ")?;
                    if duplicate {
                        self.fault(
                            DUPLICATE_CONTENT_ITEM,
                            FILE,
                            format!("{base}.text"),
                            (o.lineno, o.bytes),
                            format!("item {} repeats item {}", it + 1, it),
                        );
                    }
                    o.put(&quoted(&text))?;
                    o.put(",")?;
                    o.nl()?;
                    o.indent(7)?;
                    o.put("units: [")?;
                    for (i, (u, faultable)) in units.iter().enumerate() {
                        if i > 0 {
                            o.put(", ")?;
                        }
                        self.sizes.unit_refs += 1;
                        let wrong = if *faultable
                            && (forced_unit == Some(i) || self.draw(S_UFAULT, it as u64, i as u64))
                        {
                            self.misspell(u)
                        } else {
                            None
                        };
                        match wrong {
                            Some(wrong) => {
                                self.fault(
                                    UNKNOWN_UNIT,
                                    FILE,
                                    format!("{base}.units[{i}]"),
                                    (o.lineno, o.bytes),
                                    format!("`{u}` written `{wrong}`"),
                                );
                                o.put(&quoted(&wrong))?;
                            }
                            None => o.put(&quoted(u))?,
                        }
                    }
                    o.put("],")?;
                    o.nl()?;
                    o.line(6, "),")?;
                    prev_text = text;
                }
                o.line(5, "],")?;
                o.line(4, "),")?;
            }
            o.line(3, "],")?;
            o.line(2, "),")?;
        }
        o.line(1, "],")?;
        o.line(0, ")")?;
        self.finish_file(o)
    }

    /// The figure of region `r` for indicator `j` before faults; `None` if
    /// unassigned. Sums of sub-regions for additive indicators.
    fn figures(&self, r: u32, out: &mut BTreeMap<u32, Vec<Option<i64>>>) {
        for &c in &self.tree.children[r as usize] {
            self.figures(c, out);
        }
        let leaf = self.tree.is_leaf(r);
        let figs: Vec<Option<i64>> = (0..self.inds.len())
            .map(|j| {
                let h = self.h(S_LEAF, r as u64, j as u64);
                match self.inds[j].kind {
                    Kind::Additive { max } if leaf => {
                        let forced = self.forced.values.iter().any(|(site, _)| *site == (r, j));
                        let none = !forced
                            && !self.tree.is_first_child(r)
                            && unit(self.h(S_NONE, r as u64, j as u64)) < UNASSIGNED_RATE;
                        (!none).then_some(1 + (h % max as u64) as i64)
                    }
                    Kind::Additive { .. } => Some(
                        self.tree.children[r as usize]
                            .iter()
                            .filter_map(|c| out.get(c).and_then(|f| f[j]))
                            .sum(),
                    ),
                    Kind::Percent | Kind::Growth => {
                        let v = if self.inds[j].kind == Kind::Percent {
                            100 + (h % 851) as i64
                        } else {
                            -50 + (h % 351) as i64
                        };
                        let forced = self.forced.values.iter().any(|(site, _)| *site == (r, j));
                        let none = leaf
                            && !forced
                            && !self.tree.is_first_child(r)
                            && unit(self.h(S_NONE, r as u64, j as u64)) < UNASSIGNED_RATE;
                        (!none).then_some(v)
                    }
                }
            })
            .collect();
        out.insert(r, figs);
    }

    fn targets(&mut self, dir: &Path) -> io::Result<()> {
        let provinces: Vec<u32> = self.tree.children[0].clone();
        let width = provinces.len().to_string().len().max(2);
        let mut national: BTreeMap<u32, Vec<Option<i64>>> = BTreeMap::new();
        for (i, &p) in provinces.iter().enumerate() {
            let mut figs = BTreeMap::new();
            self.figures(p, &mut figs);
            let mut sheets = if self.tree.is_leaf(p) { Vec::new() } else { vec![p] };
            sheets.extend(
                self.tree.children[p as usize]
                    .iter()
                    .copied()
                    .filter(|&c| !self.tree.is_leaf(c)),
            );
            let file = format!("data/targets/province-{:0width$}.ron", i + 1);
            let title = format!("{} 2019 年数字经济指标分解表", self.tree.names[p as usize]);
            self.target_file(dir, &file, &title, &sheets, &figs)?;
            if let Some(f) = figs.remove(&p) {
                national.insert(p, f);
            }
        }
        // The country: its figure is the sum of (or its own rate over) the provinces'.
        let mut figs = national;
        let root: Vec<Option<i64>> = (0..self.inds.len())
            .map(|j| match self.inds[j].kind {
                Kind::Additive { .. } => Some(
                    provinces
                        .iter()
                        .filter_map(|p| figs.get(p).and_then(|f| f[j]))
                        .sum(),
                ),
                Kind::Percent => Some(100 + (self.h(S_LEAF, 0, j as u64) % 851) as i64),
                Kind::Growth => Some(-50 + (self.h(S_LEAF, 0, j as u64) % 351) as i64),
            })
            .collect();
        figs.insert(0, root.clone());
        self.target_file(
            dir,
            "data/targets/national.ron",
            "全国 2019 年数字经济指标分解表",
            &[0],
            &figs,
        )?;
        for (j, ind) in self.inds.iter().enumerate() {
            let mut buf = String::new();
            if let Some(v) = root[j] {
                figure(&mut buf, v, !matches!(ind.kind, Kind::Additive { .. }));
            }
            writeln!(self.csv, "{COUNTRY},,country,{},{buf}", ind.name)?;
        }
        Ok(())
    }

    fn value_fault(&self, c: u32, j: usize) -> Option<ValueFault> {
        if let Some((_, f)) = self.forced.values.iter().find(|(site, _)| *site == (c, j)) {
            return Some(*f);
        }
        if !self.draw(S_VFAULT, c as u64, j as u64) {
            return None;
        }
        if self.h(S_VKIND, c as u64, j as u64) % 3 == 0 {
            return Some(ValueFault::Region);
        }
        Some(match self.inds[j].kind {
            Kind::Additive { .. } => ValueFault::Sum,
            Kind::Percent => ValueFault::Percent,
            Kind::Growth => ValueFault::Growth,
        })
    }

    fn high_below_standard(&self, s: u32, j: usize) -> bool {
        if self.forced.hbs == Some((s, j)) {
            return true;
        }
        let forced_sum = self.forced.values.iter().any(|((leaf, js), f)| {
            *f == ValueFault::Sum && *js == j && self.tree.parents[*leaf as usize] == s
        });
        !forced_sum && self.draw(S_HBS, s as u64, j as u64)
    }

    fn target_file(
        &mut self,
        dir: &Path,
        file: &str,
        title: &str,
        sheets: &[u32],
        figs: &BTreeMap<u32, Vec<Option<i64>>>,
    ) -> io::Result<()> {
        let mut o = Out::create(&dir.join(file))?;
        o.line(0, "#![enable(implicit_some)]")?;
        o.line(
            0,
            &format!("// Generated by tally-bench synth (seed {}).", self.opts.seed),
        )?;
        o.line(0, "TargetTable(")?;
        o.line(1, &format!("title: {},", quoted(title)))?;
        o.line(
            1,
            &format!("source: \"tally-bench synth, seed {}\",", self.opts.seed),
        )?;
        o.line(1, "year: 2019,")?;
        o.line(1, "sheets: [")?;
        let mut buf = String::new();
        let mut entries: Vec<(u32, Option<i64>, Option<ValueFault>, String)> = Vec::new();
        for (si, &s) in sheets.iter().enumerate() {
            self.sizes.sheets += 1;
            let sname = self.tree.names[s as usize].clone();
            let level = self.tree.levels[s as usize];
            let child_level = match level {
                Level::Country => Level::Province,
                Level::Province => Level::City,
                _ => Level::County,
            };
            o.line(2, "(")?;
            let annex = match level {
                Level::Country => 1,
                Level::Province => 2,
                _ => 3,
            };
            o.line(3, &format!("annex: {annex},"))?;
            o.line(3, &format!("title: \"{sname} 指标分解\","))?;
            o.line(3, "indicators: [")?;
            let children = self.tree.children[s as usize].clone();
            for j in 0..self.inds.len() {
                let kind = self.inds[j].kind;
                let tenths = !matches!(kind, Kind::Additive { .. });
                let ind_path = format!("sheets[{si}].indicators[{j}]");
                // The entries, with their faults decided first: the lines
                // depend on whether the breakdown has a sum fault.
                let hbs = self.high_below_standard(s, j);
                let mut sum_fault = hbs;
                // (child, value as written, fault, what was changed)
                entries.clear();
                for &c in &children {
                    let mut value = figs.get(&c).and_then(|f| f[j]);
                    let mut fault = if self.tree.is_leaf(c) {
                        self.value_fault(c, j)
                    } else {
                        None
                    };
                    if matches!(
                        fault,
                        Some(ValueFault::Sum | ValueFault::Percent | ValueFault::Growth)
                    ) && (value.is_none() || (fault == Some(ValueFault::Sum) && sum_fault))
                    {
                        fault = Some(ValueFault::Region);
                    }
                    let mut detail = String::new();
                    if let (Some(f), Some(v)) = (fault, value) {
                        let h = self.h(S_DELTA, c as u64, j as u64);
                        let new = match f {
                            ValueFault::Sum => {
                                sum_fault = true;
                                v + 10 + (h % 90) as i64
                            }
                            ValueFault::Percent if h % 2 == 0 => v + 1000,
                            ValueFault::Percent => -v,
                            ValueFault::Growth if h % 2 == 0 => 1200 + (h / 2 % 800) as i64,
                            ValueFault::Growth => -(600 + (h / 2 % 300) as i64),
                            ValueFault::Region => v,
                        };
                        if new != v {
                            figure(&mut detail, v, tenths);
                            detail.push_str(" → ");
                            figure(&mut detail, new, tenths);
                        }
                        value = Some(new);
                    }
                    entries.push((c, value, fault, detail));
                }
                let high_line = figs.get(&s).and_then(|f| f[j]).unwrap_or(0);
                let h = self.h(S_LINE, s as u64, j as u64);
                let standard_line = match kind {
                    Kind::Additive { .. } => high_line * 9 / 10,
                    _ => high_line - 1 - (h % 50) as i64,
                };
                let (standard, high) = if hbs {
                    (high_line, standard_line)
                } else {
                    (standard_line, high_line)
                };
                o.line(4, "(")?;
                o.line(5, &format!("name: {},", quoted(&self.inds[j].name)))?;
                o.line(5, &format!("unit: \"{}\",", self.inds[j].unit))?;
                o.line(5, &format!("additive: {},", !tenths))?;
                buf.clear();
                buf.push_str("standard: ");
                figure(&mut buf, standard, tenths);
                buf.push(',');
                o.line(5, &buf)?;
                o.indent(5)?;
                o.put("high: ")?;
                if hbs {
                    let mut d = String::from("lines swapped: standard ");
                    figure(&mut d, standard, tenths);
                    d.push_str(", high ");
                    figure(&mut d, high, tenths);
                    self.fault(
                        HIGH_BELOW_STANDARD,
                        file,
                        format!("{ind_path}.high"),
                        (o.lineno, o.bytes),
                        d,
                    );
                }
                let high_at = (o.lineno, o.bytes);
                buf.clear();
                figure(&mut buf, high, tenths);
                buf.push(',');
                o.put(&buf)?;
                o.nl()?;
                o.line(5, "breakdown: {")?;
                for (c, value, fault, detail) in entries.drain(..) {
                    self.sizes.breakdown_values += 1;
                    let name = self.tree.names[c as usize].as_str();
                    // A misspelt key drops the name's last character (省, 市, 县).
                    let key = match fault {
                        Some(ValueFault::Region) => {
                            let cut = name.char_indices().last().map_or(0, |(i, _)| i);
                            &name[..cut]
                        }
                        _ => name,
                    };
                    let key_path = || format!("{ind_path}.breakdown[{}]", quoted(key));
                    o.indent(6)?;
                    match fault {
                        Some(ValueFault::Region) => push_fault(
                            &mut self.faults,
                            UNKNOWN_REGION,
                            file,
                            format!("{}@key", key_path()),
                            (o.lineno, o.bytes),
                            format!("`{name}` written `{key}`"),
                        ),
                        Some(ValueFault::Sum) => push_fault(
                            &mut self.faults,
                            BREAKDOWN_SUM_MISMATCH,
                            file,
                            format!("{ind_path}.high"),
                            high_at,
                            format!("`{key}` {detail}"),
                        ),
                        _ => {}
                    }
                    put_quoted(&mut o, key)?;
                    o.put(": ")?;
                    match fault {
                        Some(ValueFault::Percent) => push_fault(
                            &mut self.faults,
                            PERCENTAGE_OUT_OF_RANGE,
                            file,
                            key_path(),
                            (o.lineno, o.bytes),
                            detail,
                        ),
                        Some(ValueFault::Growth) => push_fault(
                            &mut self.faults,
                            GROWTH_RATE_OUT_OF_RANGE,
                            file,
                            key_path(),
                            (o.lineno, o.bytes),
                            detail,
                        ),
                        _ => {}
                    }
                    buf.clear();
                    match value {
                        Some(v) => figure(&mut buf, v, tenths),
                        None => {
                            self.sizes.unassigned += 1;
                            buf.push_str("None");
                        }
                    }
                    o.put(&buf)?;
                    o.put(",")?;
                    o.nl()?;
                    // values.csv: the figure as written, under the key as written.
                    let shown = if value.is_some() { buf.as_str() } else { "" };
                    for part in [
                        key,
                        ",",
                        &sname,
                        ",",
                        child_level.as_str(),
                        ",",
                        &self.inds[j].name,
                        ",",
                        shown,
                        "\n",
                    ] {
                        self.csv.write_all(part.as_bytes())?;
                    }
                }
                o.line(5, "},")?;
                o.line(4, "),")?;
            }
            o.line(3, "],")?;
            o.line(2, "),")?;
        }
        o.line(1, "],")?;
        o.line(0, ")")?;
        self.finish_file(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_sizes_add_up() {
        for n in [2, 3, 10, 300, 3000, 10_000] {
            let t = Tree::new(n);
            assert_eq!(t.len(), n);
            assert_eq!(1 + t.provinces + t.cities + t.counties, n);
            let names: BTreeSet<&String> = t.names.iter().collect();
            assert_eq!(names.len(), n, "names are unique");
        }
        let t = Tree::new(3000);
        assert_eq!((t.provinces, t.cities, t.counties), (30, 269, 2700));
        assert_eq!(t.names[31], "第1省第1市");
        assert_eq!(t.names[1 + 30 + 269], "第1省第1市第1县");
    }

    #[test]
    fn figures_print_as_written() {
        let mut s = String::new();
        figure(&mut s, -5, true);
        s.push(' ');
        figure(&mut s, 1234, true);
        s.push(' ');
        figure(&mut s, 1234, false);
        assert_eq!(s, "-0.5 123.4 1234");
    }

    #[test]
    fn indicator_mix() {
        let inds = indicators(100);
        let names: BTreeSet<&str> = inds.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names.len(), 100);
        for i in &inds {
            let growth_name = i.name.contains("增速") || i.name.contains("增长");
            assert_eq!(growth_name, i.kind == Kind::Growth, "{}", i.name);
        }
        assert_eq!(inds.iter().filter(|i| i.kind == Kind::Percent).count(), 20);
    }
}
