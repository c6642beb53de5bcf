//! `tally new rule ID --kind KIND`: a rule over the records of a table
//! kind, written from its schema with the kind's real field names, and a
//! pass and a fail fixture of that kind.

use tally_engine::{FieldType, Schema};

/// The three texts of a new rule: the rule, the pass fixture, the fail
/// fixture.
pub struct Skeleton {
    /// `rules/ID.rhai`.
    pub rule: String,
    /// `rules/fixtures/ID/pass.ron`.
    pub pass: String,
    /// `rules/fixtures/ID/fail.ron`.
    pub fail: String,
}

/// What the skeleton's condition looks at in each record.
enum Probe {
    /// A figure field: below zero is the defect.
    Figure(String),
    /// A map of figures (a breakdown): a member below zero.
    Map(String),
    /// A text field: empty is the defect.
    Text(String),
}

/// A loop variable for the members of `field`: `indicators` → `indicator`.
fn singular(field: &str, taken: &[String]) -> String {
    let word = field
        .strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| field.strip_suffix('s').map(str::to_owned))
        .unwrap_or_else(|| format!("{field}_item"));
    let ascii = !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !word.starts_with(|c: char| c.is_ascii_digit());
    let mut name = if ascii { word } else { "record".to_owned() };
    while taken.contains(&name) || ["table", "data", "value", "key"].contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The skeleton for a rule `id` over `schema`'s main records.
pub fn skeleton(id: &str, schema: &Schema) -> Skeleton {
    let path = schema.main_records();
    let deepest = path.last().map_or(0, |(_, r)| *r);
    let record = &schema.records[deepest];
    let required: Vec<_> = record.fields.iter().filter(|f| !f.optional).collect();
    let unbounded = |f: &&&tally_engine::FieldSpec| f.min.is_none_or(|m| m < 0.0) && f.one_of.is_empty();
    let probe = required
        .iter()
        .filter(unbounded)
        .find(|f| matches!(f.ty.strip_none().0, FieldType::Integer | FieldType::Number))
        .map(|f| Probe::Figure(f.name.clone()))
        .or_else(|| {
            required
                .iter()
                .filter(unbounded)
                .find_map(|f| match f.ty.strip_none().0 {
                    FieldType::Map(_, v)
                        if matches!(v.strip_none().0, FieldType::Integer | FieldType::Number) =>
                    {
                        Some(Probe::Map(f.name.clone()))
                    }
                    _ => None,
                })
        })
        .or_else(|| {
            required
                .iter()
                .filter(unbounded)
                .find(|f| matches!(f.ty.strip_none().0, FieldType::Text))
                .map(|f| Probe::Text(f.name.clone()))
        });
    // What names a record in messages: its key, else its first text field.
    let label = record.key.clone().or_else(|| {
        record
            .fields
            .iter()
            .find(|f| !f.optional && matches!(f.ty.strip_none().0, FieldType::Text))
            .map(|f| f.name.clone())
    });

    let mut vars = Vec::new();
    let mut loops = String::new();
    let mut parent = "table".to_owned();
    let mut indent = "        ".to_owned();
    for (field, _) in &path {
        let var = singular(field, &vars);
        loops.push_str(&format!("{indent}for {var} in {parent}.{field} {{\n"));
        vars.push(var.clone());
        parent = var;
        indent.push_str("    ");
    }
    let rec = parent;
    let named = |what: &str| match &label {
        Some(l) => format!("${{{rec}.{l}}}：{what}"),
        None => what.to_owned(),
    };
    let (title, body, fail_with) = match &probe {
        Some(Probe::Figure(f)) => (
            format!("a {f} is below zero"),
            format!(
                "{indent}// TODO: the condition that is a defect. An unassigned value (`None`) reads as `()`.\n\
                 {indent}let value = {rec}.{f};\n\
                 {indent}if value != () && value < 0 {{\n\
                 {indent}    report(value, `{msg}`, #{{\n\
                 {indent}        label: \"小于 0\",\n\
                 {indent}        help: \"TODO: how to fix it\",\n\
                 {indent}    }});\n\
                 {indent}}}\n",
                msg = named(&format!("{f} 为 ${{figure(value)}}，小于 0"))
            ),
            Some((f.clone(), "-1".to_owned())),
        ),
        Some(Probe::Map(f)) => (
            format!("a value of {f} is below zero"),
            format!(
                "{indent}// TODO: the condition that is a defect. An unassigned value (`None`) reads as `()`.\n\
                 {indent}for key in {rec}.{f}.keys() {{\n\
                 {indent}    let value = {rec}.{f}[key];\n\
                 {indent}    if value != () && value < 0 {{\n\
                 {indent}        report(value, `{msg}`, #{{\n\
                 {indent}            label: \"小于 0\",\n\
                 {indent}            help: \"TODO: how to fix it\",\n\
                 {indent}        }});\n\
                 {indent}    }}\n\
                 {indent}}}\n",
                msg = named(&format!("{f} 中 ${{key}} 为 ${{figure(value)}}，小于 0"))
            ),
            Some((f.clone(), "{\"示例\": -1}".to_owned())),
        ),
        Some(Probe::Text(f)) => (
            format!("a {f} is empty"),
            format!(
                "{indent}// TODO: the condition that is a defect. An unassigned value (`None`) reads as `()`.\n\
                 {indent}// (Report the field itself: a text copied into a variable no longer\n\
                 {indent}// knows where it was read.)\n\
                 {indent}if {rec}.{f} == \"\" {{\n\
                 {indent}    report({rec}.{f}, \"{f} 为空\", #{{\n\
                 {indent}        label: \"空\",\n\
                 {indent}        help: \"TODO: how to fix it\",\n\
                 {indent}    }});\n\
                 {indent}}}\n"
            ),
            Some((f.clone(), "\"\"".to_owned())),
        ),
        None => (
            "TODO: one line, lower case, no full stop".to_owned(),
            format!("{indent}// TODO: the condition that is a defect, and `report(value, message)`.\n"),
            None,
        ),
    };

    let mut fields = String::new();
    let name_width = record
        .fields
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0);
    let types: Vec<String> = record
        .fields
        .iter()
        .map(|f| {
            let mut t = schema.describe(&f.ty);
            if f.optional {
                t.push_str(", optional");
            }
            t
        })
        .collect();
    let type_width = types.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    for (f, t) in record.fields.iter().zip(&types) {
        let line = format!(
            "//   {:name_width$}  {:type_width$}  {}",
            f.name,
            t,
            f.description.as_deref().unwrap_or("").replace('\n', " ")
        );
        fields.push_str(line.trim_end());
        fields.push('\n');
    }
    let mut closing = String::new();
    for depth in (0..path.len()).rev() {
        closing.push_str(&format!("{}}}\n", "    ".repeat(depth + 2)));
    }
    let rule = format!(
        "//! ## What it checks\n\
         //! TODO: say what the rule checks, in a sentence or two (中文亦可).\n\
         //!\n\
         //! ## Why it matters\n\
         //! TODO: what goes wrong downstream when the data has this defect.\n\
         //!\n\
         //! ## Example\n\
         //! ```ron\n\
         //! TODO: a `{record_name}` with the defect\n\
         //! ```\n\
         //! Instead:\n\
         //! ```ron\n\
         //! TODO: the same record as it should be\n\
         //! ```\n\
         \n\
         const ID = \"{id}\";                           // stable kebab-case, names the defect\n\
         const SEVERITY = \"error\";                    // error | warning | info\n\
         const TITLE = \"{title}\";  // TODO: one line, lower case, no full stop\n\
         \n\
         // What a `{record_name}` of a `{kind}` holds ({file}; `tally schema show {kind}`):\n\
         {fields}\
         fn check(data) {{\n\
         \x20   for table in tables(\"{kind}\") {{\n\
         {loops}{body}{closing}\
         \x20   }}\n\
         }}\n",
        record_name = record.name,
        kind = schema.kind,
        file = schema.source.name,
    );
    let pass = schema.sample(None);
    let fail = match &fail_with {
        Some((field, text)) => schema.sample(Some((field, text))),
        None => schema.sample(None),
    };
    Skeleton { rule, pass, fail }
}
