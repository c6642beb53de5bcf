//! A small table that fits a schema, written as RON: what `tally new rule
//! --kind KIND` puts in a new rule's fixtures.

use super::types::Type;
use super::{Record, Schema};

impl Schema {
    /// The path to the kind's main records: from the table, through each
    /// first field that is a list of records, as deep as that goes
    /// (`sheets` → `indicators` for a `TargetTable`): `(field, record)`
    /// pairs, the record as an index into `records`.
    pub fn main_records(&self) -> Vec<(&str, usize)> {
        let mut path = Vec::new();
        let mut record = 0;
        while let Some((field, next)) = self.records[record].fields.iter().find_map(|f| match f.ty.strip_none().0 {
            Type::List(item) => match item.strip_none().0 {
                Type::Record(r) => Some((f.name.as_str(), *r)),
                _ => None,
            },
            _ => None,
        }) {
            if path.iter().any(|(_, r)| *r == next) || path.len() > 8 {
                break;
            }
            path.push((field, next));
            record = next;
        }
        path
    }

    /// A table of this kind with one record per list, every required field
    /// filled with a value that fits (the first allowed word, the smallest
    /// allowed figure, or 1); `with` replaces the value of one field of the
    /// deepest main record (`(field name, RON text)`).
    pub fn sample(&self, with: Option<(&str, &str)>) -> String {
        let deepest = self.main_records().last().map_or(0, |(_, r)| *r);
        let mut out = String::from("#![enable(implicit_some)]\n");
        out.push_str(&self.kind);
        self.write_record(&mut out, 0, deepest, with, 0);
        out.push('\n');
        out
    }

    fn write_record(&self, out: &mut String, r: usize, deepest: usize, with: Option<(&str, &str)>, depth: usize) {
        let record: &Record = &self.records[r];
        let pad = "    ".repeat(depth + 1);
        out.push_str("(\n");
        for field in record.fields.iter().filter(|f| !f.optional) {
            out.push_str(&format!("{pad}{}: ", field.name));
            match with {
                Some((name, text)) if r == deepest && name == field.name => out.push_str(text),
                _ => self.write_value(out, &field.ty, field, deepest, with, depth + 1),
            }
            out.push_str(",\n");
        }
        out.push_str(&"    ".repeat(depth));
        out.push(')');
    }

    fn write_value(&self, out: &mut String, ty: &Type, field: &super::FieldSpec, deepest: usize, with: Option<(&str, &str)>, depth: usize) {
        match ty {
            Type::OrNone(inner) => self.write_value(out, inner, field, deepest, with, depth),
            Type::Text => {
                let word = field.one_of.first().cloned().unwrap_or_else(|| "示例".to_owned());
                out.push_str(&format!("{word:?}"));
            }
            Type::Integer => out.push_str(&format!("{}", figure(field) as i64)),
            Type::Number => out.push_str(&format!("{:?}", figure(field))),
            Type::Boolean => out.push_str("true"),
            Type::List(item) => {
                out.push('[');
                self.write_value(out, item, field, deepest, with, depth);
                out.push(']');
            }
            Type::Map(key, value) => {
                out.push('{');
                out.push_str(if **key == Type::Integer { "1" } else { "\"示例\"" });
                out.push_str(": ");
                self.write_value(out, value, field, deepest, with, depth);
                out.push('}');
            }
            Type::Record(r) => self.write_record(out, *r, deepest, with, depth),
        }
    }
}

/// A figure the field allows: 1, or its `min` if that is larger, kept
/// within its `max`.
fn figure(field: &super::FieldSpec) -> f64 {
    let low = field.min.map_or(1.0, |m| m.ceil().max(1.0));
    match field.max {
        Some(max) if low > max => max.floor(),
        _ => low,
    }
}
