//! The fast half of the `shape` check: does a parsed document fit a typed
//! struct? A serde `Deserializer` over the span index, so that the check
//! costs one walk of nodes that are already in memory instead of a second
//! parse of the text by `ron`.
//!
//! It answers only yes or no, and it is deliberately stricter than `ron`
//! (anything unusual — a byte string, a tuple where a struct belongs, a
//! struct name that differs — is a no). A no is then explained by `ron`
//! itself (see `kind::fits_kind` and the `shape` check), which has the final word and the wording users
//! know; a yes from here is always a yes from `ron`.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use crate::span::{Document, NodeId, NodeKind};

/// Why a document does not fit (no detail: `ron` explains).
#[derive(Debug)]
pub struct Misfit;

impl std::fmt::Display for Misfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("does not fit")
    }
}

impl std::error::Error for Misfit {}

impl de::Error for Misfit {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Misfit
    }
}

/// Whether the document deserializes into `T`.
pub fn fits<T: de::DeserializeOwned>(doc: &Document, text: &str) -> bool {
    let implicit_some = doc.extensions.iter().any(|e| e == "implicit_some");
    let de = NodeDe {
        doc,
        text,
        id: doc.root(),
        implicit_some,
    };
    T::deserialize(de).is_ok()
}

#[derive(Clone, Copy)]
struct NodeDe<'a> {
    doc: &'a Document,
    text: &'a str,
    id: NodeId,
    implicit_some: bool,
}

impl<'a> NodeDe<'a> {
    fn at(self, id: NodeId) -> Self {
        NodeDe { id, ..self }
    }

    fn kind(&self) -> Result<&'a NodeKind, Misfit> {
        self.doc.get(self.id).map(|n| &n.kind).ok_or(Misfit)
    }

    /// A plain `"…"` or raw string (not a byte string).
    fn str(&self) -> Result<&'a str, Misfit> {
        let node = self.doc.get(self.id).ok_or(Misfit)?;
        match &node.kind {
            NodeKind::Str(s) if !self.text[node.span.start..].starts_with('b') => Ok(s),
            _ => Err(Misfit),
        }
    }

    fn int(&self) -> Result<i64, Misfit> {
        match self.kind()? {
            NodeKind::Int(i) => Ok(*i),
            _ => Err(Misfit),
        }
    }
}

macro_rules! int_methods {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
            visitor.visit_i64(self.int()?)
        }
    )*};
}

impl<'de, 'a> de::Deserializer<'de> for NodeDe<'a> {
    type Error = Misfit;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Misfit> {
        // The typed structs never ask for "anything"; refuse rather than guess.
        Err(Misfit)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            _ => Err(Misfit),
        }
    }

    int_methods!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::Float(f) => visitor.visit_f64(*f),
            NodeKind::Int(i) => visitor.visit_f64(*i as f64),
            _ => Err(Misfit),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::Char(c) => visitor.visit_char(*c),
            _ => Err(Misfit),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        visitor.visit_str(self.str()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        visitor.visit_str(self.str()?)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::None => visitor.visit_none(),
            NodeKind::Some(inner) => visitor.visit_some(self.at(*inner)),
            _ if self.implicit_some => visitor.visit_some(self),
            _ => Err(Misfit),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::Unit => visitor.visit_unit(),
            _ => Err(Misfit),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::List(items) => visitor.visit_seq(Items {
                de: self,
                items: items.iter(),
            }),
            _ => Err(Misfit),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::Map(entries) => visitor.visit_map(Entries {
                de: self,
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(Misfit),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Misfit> {
        match self.kind()? {
            NodeKind::Struct {
                name: written,
                fields,
            } if written.as_deref().is_none_or(|w| w == name) => {
                // A field written twice is for ron to explain.
                for (i, field) in fields.iter().enumerate() {
                    if fields[..i].iter().any(|f| f.name == field.name) {
                        return Err(Misfit);
                    }
                }
                visitor.visit_map(Fields {
                    de: self,
                    fields: fields.iter(),
                    value: None,
                })
            }
            _ => Err(Misfit),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Misfit> {
        Err(Misfit)
    }
}

struct Items<'a, I> {
    de: NodeDe<'a>,
    items: I,
}

impl<'de, 'a, I: Iterator<Item = &'a NodeId>> SeqAccess<'de> for Items<'a, I> {
    type Error = Misfit;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Misfit> {
        match self.items.next() {
            Some(&id) => seed.deserialize(self.de.at(id)).map(Some),
            None => Ok(None),
        }
    }
}

struct Entries<'a, I> {
    de: NodeDe<'a>,
    entries: I,
    value: Option<NodeId>,
}

impl<'de, 'a, I: Iterator<Item = &'a (NodeId, NodeId)>> MapAccess<'de> for Entries<'a, I> {
    type Error = Misfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Misfit> {
        match self.entries.next() {
            Some(&(key, value)) => {
                self.value = Some(value);
                seed.deserialize(self.de.at(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Misfit> {
        let value = self.value.take().ok_or(Misfit)?;
        seed.deserialize(self.de.at(value))
    }
}

struct Fields<'a, I> {
    de: NodeDe<'a>,
    fields: I,
    value: Option<NodeId>,
}

impl<'de, 'a, I: Iterator<Item = &'a crate::span::Field>> MapAccess<'de> for Fields<'a, I> {
    type Error = Misfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Misfit> {
        match self.fields.next() {
            Some(field) => {
                self.value = Some(field.value);
                let name: &str = &field.name;
                seed.deserialize(name.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Misfit> {
        let value = self.value.take().ok_or(Misfit)?;
        seed.deserialize(self.de.at(value))
    }
}

/// Whether `doc` fits the shipped table kind `kind` (any other kind has
/// no shape to fit, so it fits).
///
/// The model's structs are walked with text and maps that keep nothing
/// ([`AnyText`], [`AnyMap`]): the verdict is the same as for `String` and
/// `IndexMap`, without a string allocated and hashed for each of a
/// national table's million breakdown keys (that was a quarter of the
/// loading time).
pub fn walk_fits(kind: &str, doc: &Document, text: &str) -> bool {
    use crate::model::*;
    match kind {
        "RegionRegistry" => fits::<RegionRegistry<AnyText>>(doc, text),
        "UnitRegistry" => fits::<UnitRegistry<AnyText>>(doc, text),
        "TargetTable" => fits::<TargetTable<AnyText, AnyMap<Option<f64>>>>(doc, text),
        "ResponsibilityTable" => fits::<ResponsibilityTable<AnyText>>(doc, text),
        "Evaluation" => fits::<Evaluation<AnyText, AnyMap<Score>>>(doc, text),
        "IndicatorSystem" => fits::<IndicatorSystem<AnyText>>(doc, text),
        "HeadlineTargets" => fits::<HeadlineTargets<AnyText>>(doc, text),
        _ => true,
    }
}

/// Text that deserializes exactly where a `String` does, and keeps nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct AnyText;

impl<'de> de::Deserialize<'de> for AnyText {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        // What serde's `String` visitor accepts: text, and bytes that are UTF-8.
        impl Visitor<'_> for Text {
            type Value = AnyText;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<AnyText, E> {
                Ok(AnyText)
            }

            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<AnyText, E> {
                match std::str::from_utf8(bytes) {
                    Ok(_) => Ok(AnyText),
                    Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(bytes), &self)),
                }
            }
        }
        deserializer.deserialize_string(Text)
    }
}

/// A map from text to `V` that deserializes exactly where an
/// `IndexMap<String, V>` does, and keeps nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct AnyMap<V>(std::marker::PhantomData<V>);

impl<'de, V: de::Deserialize<'de>> de::Deserialize<'de> for AnyMap<V> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: de::Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = AnyMap<V>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyMap<V>, A::Error> {
                while map.next_entry::<AnyText, V>()?.is_some() {}
                Ok(AnyMap(std::marker::PhantomData))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn fits_as<T: de::DeserializeOwned>(text: &str) -> bool {
        let doc = crate::load::parse(text).expect("parses");
        fits::<T>(&doc, text)
    }

    /// Every verdict here must agree with ron's, or be a no (ron decides).
    fn agrees<T: de::DeserializeOwned>(text: &str) {
        let ours = fits_as::<T>(text);
        let rons = ron::from_str::<T>(text).is_ok();
        assert!(!ours || rons, "fit says yes where ron says no: {text}");
        assert_eq!(ours, rons, "verdicts differ for {text}");
    }

    #[test]
    fn shipped_tables_fit() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/");
        for (file, kind) in [
            ("regions.ron", "RegionRegistry"),
            ("units.ron", "UnitRegistry"),
            ("targets-2019.ron", "TargetTable"),
            ("responsibilities-2019.ron", "ResponsibilityTable"),
            ("evaluation-2017.ron", "Evaluation"),
            ("indicator-system-2017.ron", "IndicatorSystem"),
            ("headline-targets-2019.ron", "HeadlineTargets"),
        ] {
            let text = std::fs::read_to_string(format!("{root}{file}")).expect("shipped file");
            let doc = crate::load::parse(&text).expect("parses");
            assert!(walk_fits(kind, &doc, &text), "{file} should fit {kind}");
        }
    }

    /// The property the `shape` check relies on: a yes from the quick walk
    /// is a yes from ron. Checked on many small edits of every shipped
    /// table (a deleted character, a letter for a digit, a field renamed).
    #[test]
    fn a_yes_is_always_a_yes_from_ron() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/");
        let mut checked = 0;
        for file in [
            "regions.ron",
            "units.ron",
            "targets-2019.ron",
            "evaluation-2017.ron",
            "headline-targets-2019.ron",
        ] {
            let text = std::fs::read_to_string(format!("{root}{file}")).expect("shipped file");
            let doc = crate::load::parse(&text).expect("parses");
            let kind = doc.root_name().expect("named root").to_owned();
            let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(97).collect();
            for &at in &cuts {
                let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                let mut edits = vec![format!("{}{}", &text[..at], &text[next..])];
                if text[at..].starts_with(|c: char| c.is_ascii_digit()) {
                    edits.push(format!("{}x{}", &text[..at], &text[next..]));
                }
                if text[at..].starts_with("name:") {
                    edits.push(format!("{}nmae:{}", &text[..at], &text[at + 5..]));
                }
                for edited in edits {
                    let Ok(doc) = crate::load::parse(&edited) else {
                        continue;
                    };
                    if walk_fits(&kind, &doc, &edited) {
                        let ron_ok = matches!(crate::model::deserialize_kind(&kind, &edited), Some(Ok(_)));
                        assert!(ron_ok, "fit accepts what ron refuses ({file}, edit at byte {at})");
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 300, "only {checked} edits were checked");
    }

    #[test]
    fn misfits_are_refused_like_ron_refuses_them() {
        let ok =
            r#"RegionRegistry(title: "t", source: "s", regions: [(name: "a", kind: "city", parent: None)])"#;
        agrees::<RegionRegistry>(ok);
        for bad in [
            r#"RegionRegistry(title: "t", source: "s", regions: [(name: "a", kind: "city", parnet: None)])"#,
            r#"RegionRegistry(title: "t", regions: [])"#,
            r#"RegionRegistry(title: "t", source: "s", regions: [(name: 1, kind: "city")])"#,
            r#"RegionRegistry(title: "t", title: "t", source: "s", regions: [])"#,
            r#"Regions(title: "t", source: "s", regions: [])"#,
            r#"RegionRegistry(title: "t", source: "s", regions: [(name: "a", kind: "city", parent: "b")])"#,
            r#"RegionRegistry(title: "t", source: "s", regions: ("a"))"#,
        ] {
            agrees::<RegionRegistry>(bad);
        }
        // implicit_some makes a bare value an option.
        agrees::<RegionRegistry>(
            "#![enable(implicit_some)]\nRegionRegistry(title: \"t\", source: \"s\", regions: [(name: \"a\", kind: \"city\", parent: \"b\")])",
        );
        // integers are figures; a string is not.
        agrees::<TargetTable>(
            "#![enable(implicit_some)]\nTargetTable(title: \"t\", source: \"s\", year: 2019, sheets: [(annex: 2, title: \"x\", indicators: [(name: \"n\", unit: \"个\", additive: true, standard: 1, high: 2.5, breakdown: {\"a\": 1, \"b\": None})])])",
        );
        agrees::<TargetTable>(
            "TargetTable(title: \"t\", source: \"s\", year: 2019, sheets: [(annex: 2, title: \"x\", indicators: [(name: \"n\", unit: \"个\", additive: true, standard: \"1\", high: 2.5, breakdown: {})])])",
        );
    }
}
